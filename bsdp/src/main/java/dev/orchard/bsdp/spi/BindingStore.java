package dev.orchard.bsdp.spi;

import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.MacAddress;

import java.util.Optional;

/**
 * Where bindings (MAC → selected image) live. {@link InMemoryBindingStore} is the default; {@code ops}
 * may persist them. Called on worker threads only, so an implementation may do I/O; it must be thread-safe.
 */
public interface BindingStore {

    Optional<Binding> find(MacAddress mac);

    /** Records that {@code mac} selected {@code image}; keeps its host number when already bound. */
    Binding bind(MacAddress mac, BootImageId image);

    void remove(MacAddress mac);

    /** How many Macs are bound: Apple's priority is 32768 minus this. */
    int size();
}
