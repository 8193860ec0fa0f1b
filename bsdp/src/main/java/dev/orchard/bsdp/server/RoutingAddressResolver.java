package dev.orchard.bsdp.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Asks the kernel which local address it would use to reach the Mac: connecting a throw-away UDP socket
 * performs the route lookup (no packet is sent) and its local address is the source of that route. That
 * is exactly the interface our unicast reply to ciaddr leaves through, so it is the address the Mac — or
 * the relay in front of it — can reach us on, which is what Apple means by "the IP of the receiving
 * interface" on a normal network.
 *
 * <p>Why not the receiving interface itself: Netty does not expose {@code IP_PKTINFO} for datagrams, and
 * a socket bound to 0.0.0.0 (required to receive 255.255.255.255 broadcasts) only reports 0.0.0.0 as the
 * recipient. The route answer differs from the receiving interface only with asymmetric routing, where
 * it is the better choice anyway (the reply follows the route). {@code --advertise} overrides it. The
 * same lookup decides which Macs are answered when interfaces are named ({@link InterfaceScope}).
 *
 * <p>A lookup costs about 20 µs (socket, connect, getsockname, close), so results are cached per client
 * address for {@value #TTL_MILLIS} ms plus a random part of up to half that, which spreads the refreshes
 * of a lab that booted together; the cache is bounded and simply cleared when full.
 */
public final class RoutingAddressResolver implements ServerAddressResolver {

    static final long TTL_MILLIS = 30_000;
    static final int MAX_ENTRIES = 16_384;
    /** The discard port: the connect only selects a route, nothing is ever sent. */
    private static final int ANY_PORT = 9;

    private record Entry(Optional<Inet4Address> address, long expiresAt) {
    }

    private final ConcurrentHashMap<Inet4Address, Entry> cache = new ConcurrentHashMap<>();

    @Override
    public Optional<Inet4Address> addressFor(Inet4Address client) {
        long now = System.currentTimeMillis();
        Entry e = cache.get(client);
        if (e != null && e.expiresAt > now) {
            return e.address;
        }
        Optional<Inet4Address> found = lookup(client);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(client, new Entry(found, now + TTL_MILLIS + ThreadLocalRandom.current().nextLong(TTL_MILLIS / 2)));
        return found;
    }

    static Optional<Inet4Address> lookup(Inet4Address client) {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
            probe.connect(new InetSocketAddress(client, ANY_PORT));
            if (probe.getLocalAddress() instanceof InetSocketAddress local
                    && local.getAddress() instanceof Inet4Address v4 && !v4.isAnyLocalAddress()) {
                return Optional.of(v4);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
