package dev.orchard.bsdp.spi;

import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.MacAddress;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bindings in memory, bounded: beyond {@code capacity} Macs the longest-unused binding is forgotten, so a
 * flood of SELECTs with forged MACs cannot exhaust the heap. Host numbers only grow (Apple never reuses
 * one either), so a machine name never moves to another Mac while the server runs.
 */
public final class InMemoryBindingStore implements BindingStore {

    public static final int DEFAULT_CAPACITY = 65_536;

    private final Clock clock;
    private final Map<MacAddress, Binding> bindings;
    private int nextHostNumber = 1;

    public InMemoryBindingStore() {
        this(DEFAULT_CAPACITY, Clock.systemUTC());
    }

    public InMemoryBindingStore(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.clock = clock;
        this.bindings = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MacAddress, Binding> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized Optional<Binding> find(MacAddress mac) {
        return Optional.ofNullable(bindings.get(mac));
    }

    @Override
    public synchronized Binding bind(MacAddress mac, BootImageId image) {
        Binding old = bindings.get(mac);
        int number = old != null ? old.hostNumber() : nextHostNumber++;
        Binding b = new Binding(mac, image, number, clock.instant());
        bindings.put(mac, b);
        return b;
    }

    @Override
    public synchronized void remove(MacAddress mac) {
        bindings.remove(mac);
    }

    @Override
    public synchronized int size() {
        return bindings.size();
    }
}
