package dev.orchard.bsdp.server;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * Which of our addresses to announce to a Mac: the server identifier (option 54), the default siaddr,
 * the host of generated root paths, and what an INFORM[SELECT]'s sub-option 3 must equal.
 */
@FunctionalInterface
public interface ServerAddressResolver {

    /** Our address as seen by the Mac at {@code client}, or empty when no local address routes there. */
    Optional<Inet4Address> addressFor(Inet4Address client);

    /** Always the same address (--advertise, or a server bound to one specific address). */
    static ServerAddressResolver fixed(Inet4Address address) {
        Optional<Inet4Address> a = Optional.of(address);
        return client -> a;
    }
}
