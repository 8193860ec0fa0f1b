package dev.orchard.bsdp.server;

import dev.orchard.bsdp.spi.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The interfaces BSDP answers on ({@code --interface}, {@code server.interfaces}): a Mac is answered only
 * when our address on the route to its ciaddr belongs to one of the named interfaces. Typical use: a
 * server on the lab VLAN and the office LAN that must stay silent on the office side, where another
 * NetBoot server (or none) is wanted.
 *
 * <p>Why the route and not the receiving interface: Netty exposes no {@code IP_PKTINFO}, and the socket is
 * bound to 0.0.0.0 to receive broadcasts, so the receiving interface is unknown (see
 * {@link RoutingAddressResolver}). The route lookup to ciaddr names the interface our unicast reply leaves
 * through, which is the receiving one on a normal network; for a relayed request it is the interface
 * towards the relay. <b>Limitation</b>: with asymmetric routing the route's interface is what counts, not
 * the one the request came in on. The check uses the route even when an advertise address or a specific
 * bind address is configured: those only change what we announce, not where the Mac is.
 *
 * <p>Interface addresses are re-read at most every {@value #REFRESH_MILLIS} ms, not per request (reading
 * them enumerates the host's interfaces), because an interface may gain an address or appear after start
 * (DHCP, a VLAN brought up later). A named interface that does not exist is a warning, never a failure; it is served as soon as
 * it appears.
 */
final class InterfaceScope {

    static final long REFRESH_MILLIS = 5_000;

    /** The IPv4 addresses of one interface by name; empty when no such interface exists now. */
    @FunctionalInterface
    interface InterfaceAddresses {
        Optional<Set<Inet4Address>> of(String name);

        /** This host's interfaces, through {@link NetworkInterface}. */
        static InterfaceAddresses system() {
            return name -> {
                try {
                    NetworkInterface nic = NetworkInterface.getByName(name);
                    if (nic == null) {
                        return Optional.empty();
                    }
                    Set<Inet4Address> v4 = new java.util.HashSet<>();
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        if (a instanceof Inet4Address four) {
                            v4.add(four);
                        }
                    }
                    return Optional.of(v4);
                } catch (SocketException | RuntimeException e) {
                    return Optional.empty();
                }
            };
        }
    }

    /** Why a Mac is not answered: {@link DropReason#NO_ROUTE} or {@link DropReason#INTERFACE_NOT_SERVED}. */
    record Refusal(DropReason reason, String detail) {
    }

    private record Snapshot(Map<Inet4Address, String> owners, long expiresAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(InterfaceScope.class);

    private final Set<String> names;
    private final ServerAddressResolver routes;
    private final InterfaceAddresses interfaces;
    private final LongSupplier clockMillis;
    private final Set<String> missing = new TreeSet<>(); // guarded by this
    private volatile Snapshot snapshot;

    /**
     * @param names       the served interfaces; must not be empty (an empty set means "all": use no scope)
     * @param routes      the route lookup (our address on the route to a client)
     * @param interfaces  the interface address lookup
     * @param clockMillis a millisecond clock, for the refresh interval
     */
    InterfaceScope(Set<String> names, ServerAddressResolver routes, InterfaceAddresses interfaces,
                   LongSupplier clockMillis) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no interface named: serve all without a scope");
        }
        this.names = Collections.unmodifiableSet(new TreeSet<>(names));
        this.routes = routes;
        this.interfaces = interfaces;
        this.clockMillis = clockMillis;
        this.snapshot = refresh(clockMillis.getAsLong()); // warns at start about interfaces that do not exist
    }

    /** The scope of a server: empty when every interface is served. */
    static Optional<InterfaceScope> of(Set<String> names, ServerAddressResolver routes) {
        if (names.isEmpty()) {
            return Optional.empty();
        }
        LOG.info("BSDP answers only Macs routed through {}", names);
        return Optional.of(new InterfaceScope(names, routes, InterfaceAddresses.system(), System::currentTimeMillis));
    }

    /** Empty when the Mac at {@code client} is reached through a served interface; else why not. */
    Optional<Refusal> refusal(Inet4Address client) {
        Optional<Inet4Address> local = routes.addressFor(client);
        if (local.isEmpty()) {
            return Optional.of(new Refusal(DropReason.NO_ROUTE, "no local address routes to " + client.getHostAddress()));
        }
        String owner = current().owners().get(local.get());
        if (owner == null) {
            return Optional.of(new Refusal(DropReason.INTERFACE_NOT_SERVED, "the route to " + client.getHostAddress()
                    + " leaves from " + local.get().getHostAddress() + ", which is on none of the served interfaces "
                    + names));
        }
        return Optional.empty();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = clockMillis.getAsLong();
        if (now < s.expiresAt()) {
            return s;
        }
        synchronized (this) {
            if (now >= snapshot.expiresAt()) {
                snapshot = refresh(now);
            }
            return snapshot;
        }
    }

    /** Reads the named interfaces' addresses; logs an interface that went missing or appeared. */
    private synchronized Snapshot refresh(long now) {
        Map<Inet4Address, String> owners = new HashMap<>();
        for (String name : names) {
            Optional<Set<Inet4Address>> addresses = interfaces.of(name);
            if (addresses.isEmpty()) {
                if (missing.add(name)) {
                    LOG.warn("BSDP interface {} does not exist (yet): Macs routed through it are not answered until it"
                            + " appears", name);
                }
                continue;
            }
            if (missing.remove(name)) {
                LOG.info("BSDP interface {} appeared with {}: its Macs are answered", name, addresses.get());
            }
            addresses.get().forEach(a -> owners.putIfAbsent(a, name));
        }
        return new Snapshot(Map.copyOf(owners), now + REFRESH_MILLIS);
    }
}
