package dev.orchard.ops.wiring;

import dev.orchard.ops.config.KeyLocations;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.ProcessIdentity;
import dev.orchard.ops.config.ServerSettings;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/**
 * Whether real Macs could reach the listeners as configured and flagged. Mac firmware sends BSDP to UDP 67
 * and fetches the booter from TFTP 69 of the server it is told, and fetches the root image from the URL BSDP
 * gives it (port 80 unless {@code advertise_address} lets the URL carry another port). A configuration
 * written for simulated Macs ({@code orchard init --unprivileged}: high ports, 127.0.0.1) served without
 * {@code --unprivileged} would answer no Mac at all, and a production one served with it would send Macs
 * to port 80 where nothing listens; both are errors here instead of silence later. Also: ports below 1024
 * without the privilege to bind them, listen addresses this host does not have, BSDP and TFTP on one UDP
 * port. (Whether another program holds a port only the bind can tell: the server may already be running.)
 */
final class ListenerChecks {

    private static final int FIRMWARE_BSDP = 67;
    private static final int FIRMWARE_TFTP = 69;
    private static final int DEFAULT_HTTP = 80;
    private static final String FOR_SIMULATED = "; this configuration is for simulated Macs (as `orchard init"
            + " --unprivileged` writes it): run with --unprivileged, or ";

    private final ServerSettings server;
    private final KeyLocations at;
    private final ServeOptions options;
    private final Problems problems;
    private final Listeners listeners;

    private ListenerChecks(OrchardConfig c, ServeOptions options, Problems problems) {
        this.server = c.server();
        this.at = c.locations();
        this.options = options;
        this.problems = problems;
        this.listeners = Listeners.of(c.server(), options);
    }

    static void check(OrchardConfig c, ServeOptions options, Problems problems) {
        ListenerChecks l = new ListenerChecks(c, options, problems);
        if (options.unprivileged()) {
            problems.warn(c.locations().of("server.bsdp.port"), "--unprivileged: BSDP listens on port " + l.listeners.bsdp().getPort()
                    + " and TFTP on " + l.listeners.tftp().getPort() + ", which Mac firmware never uses: only simulated"
                    + " Macs (orchard lab, orchard demo) can boot from this server");
        } else {
            l.firmwarePort("bsdp", l.listeners.bsdp(), FIRMWARE_BSDP, "Mac firmware sends BSDP requests to port 67 only");
            l.firmwarePort("tftp", l.listeners.tftp(), FIRMWARE_TFTP, "Mac firmware fetches its booter from TFTP port 69"
                    + " only");
            l.advertisedLoopback();
            l.bsdpBroadcasts();
        }
        l.rootImageUrls();
        l.sharedUdpPort();
        l.mayBind("BSDP", l.listeners.bsdp(), "server.bsdp");
        l.mayBind("TFTP", l.listeners.tftp(), "server.tftp");
        l.mayBind("HTTP", l.listeners.http(), "server.http");
        if (c.server().http().tls() != null) {
            l.mayBind("HTTPS", l.listeners.https(), "server.http.tls");
        }
    }

    private void firmwarePort(String service, InetSocketAddress listener, int firmware, String why) {
        int port = listener.getPort();
        if (port != firmware && port != 0) {
            problems.error(at.of("server." + service + ".port"), "server." + service + ".port is " + port + ", but "
                    + why + ": no real Mac would boot from this server" + FOR_SIMULATED + "set port: " + firmware);
        }
    }

    private void advertisedLoopback() {
        String advertise = server.advertiseAddress();
        if (advertise != null && parse(advertise).map(InetAddress::isLoopbackAddress).orElse(false)) {
            problems.error(at.of("server.advertise_address"), "server.advertise_address is " + advertise + ", which"
                    + " only this host can reach: every real Mac would be told to fetch its booter and root image from"
                    + " itself" + FOR_SIMULATED + "set the address Macs reach this server at");
        }
    }

    /** A socket bound to one unicast address does not receive the broadcasts Macs on the local network send. */
    private void bsdpBroadcasts() {
        if (!listeners.bsdp().getAddress().isAnyLocalAddress()) {
            problems.warn(at.of("server.bsdp.address"), "server.bsdp.address is " + hostOf(listeners.bsdp())
                    + ": BSDP then hears only requests relayed by a router (ip helper-address), not the broadcasts of"
                    + " Macs on this server's own network; 0.0.0.0 hears both");
        }
    }

    /** Without advertise_address the BSDP reply's root-image URL has no port: Macs fetch from port 80. */
    private void rootImageUrls() {
        int port = listeners.http().getPort();
        if (server.advertiseAddress() != null || port == DEFAULT_HTTP || port == 0
                || !listeners.http().getAddress().isAnyLocalAddress()) {
            return;
        }
        int configured = server.http().port();
        String moved = options.unprivileged() && port != configured
                ? " (--unprivileged moves " + configured + " to " + port + ")" : "";
        problems.error(at.of("server.http.port"), "HTTP listens on port " + port + moved + " but"
                + " server.advertise_address is not set, so BSDP tells Macs to fetch their root image from port 80,"
                + " where this server does not listen: set server.advertise_address (the address Macs reach this"
                + " server at; 127.0.0.1 for simulated Macs on this host) so the URLs carry the port"
                + (options.unprivileged() ? ", or run without --unprivileged" : ""));
    }

    private void sharedUdpPort() {
        InetSocketAddress b = listeners.bsdp();
        InetSocketAddress t = listeners.tftp();
        boolean overlap = b.getAddress().isAnyLocalAddress() || t.getAddress().isAnyLocalAddress()
                || b.getAddress().equals(t.getAddress());
        if (b.getPort() == t.getPort() && b.getPort() != 0 && overlap) {
            problems.error(at.of("server.tftp.port"), "server.tftp.port " + t.getPort() + " is BSDP's port too; both"
                    + " are UDP, so only one of them could listen");
        }
    }

    private void mayBind(String service, InetSocketAddress listener, String key) {
        InetAddress address = listener.getAddress();
        String addressKey = key.replace(".tls", "") + ".address";
        if (!address.isAnyLocalAddress() && !isLocal(address)) {
            problems.error(at.of(addressKey), addressKey + " " + hostOf(listener) + " is not an address of this host"
                    + " (ip -4 addr): " + service + " cannot listen there");
        }
        int port = listener.getPort();
        Optional<ProcessIdentity> me = ProcessIdentity.current();
        if (port != 0 && me.isPresent() && !me.get().mayBind(port)) {
            problems.error(at.of(key + ".port"), service + " on port " + port + " needs root or"
                    + " CAP_NET_BIND_SERVICE, and this process (" + me.get().describe() + ") has neither: run as"
                    + " root, through the systemd unit (AmbientCapabilities=CAP_NET_BIND_SERVICE), or with"
                    + " --unprivileged for simulated Macs");
        }
    }

    private static boolean isLocal(InetAddress address) {
        try {
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: the bind will
        }
    }

    private static Optional<InetAddress> parse(String ipv4) {
        try {
            return Optional.of(InetAddress.getByName(ipv4)); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String hostOf(InetSocketAddress a) {
        return a.getAddress().getHostAddress();
    }
}
