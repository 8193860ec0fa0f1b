package dev.orchard.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away lab of Linux network namespaces joined by one bridge, for tests that must cross a
 * real network: broadcast, real UDP ports such as 67/68/69, packet loss. Every namespace and link
 * belongs to this lab and disappears on {@link #close()} (also on JVM exit). Needs root; call
 * {@link Peers#requireRoot(String)} first.
 *
 * <pre>{@code
 * try (Netns lab = Netns.create()) {
 *     Netns.Host server = lab.host("srv", "10.77.0.1/24");
 *     Netns.Host client = lab.host("cli", "10.77.0.2/24");
 *     client.dropIncoming(0.05);           // 5 % loss on the client's receive side
 *     client.exec(Duration.ofSeconds(30), "atftp", ...);
 * }
 * }</pre>
 *
 * <p>Why iptables and not {@code tc netem}: the CI kernel has no sch_netem, so loss is made with the
 * iptables {@code statistic} match on INPUT. (A drop on OUTPUT would surface as EPERM to the sender's
 * {@code sendto}, which is not what a lossy link does.)
 */
public final class Netns implements AutoCloseable {

    private static final Duration IP_LIMIT = Duration.ofSeconds(20);

    private final String id;
    private final String switchNs;
    private final List<Host> hosts = Collections.synchronizedList(new ArrayList<>());
    private final Thread cleanupHook;
    private boolean closed;

    private Netns(String id) {
        this.id = id;
        this.switchNs = id + "-sw";
        this.cleanupHook = new Thread(this::deleteAll, "netns-cleanup-" + id);
    }

    /** Creates an empty lab: a switch namespace with bridge {@code br0}. */
    public static Netns create() {
        String id = String.format(Locale.ROOT, "orch%d-%04x", ProcessHandle.current().pid(),
                ThreadLocalRandom.current().nextInt(0x10000));
        Netns lab = new Netns(id);
        Runtime.getRuntime().addShutdownHook(lab.cleanupHook);
        lab.ip("netns", "add", lab.switchNs);
        lab.inNs(lab.switchNs, "ip", "link", "set", "lo", "up");
        lab.inNs(lab.switchNs, "ip", "link", "add", "br0", "type", "bridge");
        lab.inNs(lab.switchNs, "ip", "link", "set", "br0", "up");
        return lab;
    }

    /**
     * Turns IGMP snooping on for the bridge (multicast goes only to ports that joined), with the bridge as the
     * segment's IGMP querier, as a managed switch in a lab is set up (RFC 4541).
     */
    public void igmpSnoopingWithQuerier() {
        inNs(switchNs, "ip", "link", "set", "br0", "type", "bridge", "mcast_snooping", "1", "mcast_querier", "1");
    }

    /**
     * Turns IGMP snooping on with no querier on the segment, as an unmanaged switch with snooping on by default.
     * The Linux bridge then floods multicast to every port as long as it has seen no querier: in
     * {@code br_handle_frame_finish()} (net/bridge/br_input.c) a frame takes the selective path only when
     * {@code br_multicast_querier_exists()} (br_private.h) says a querier was heard; otherwise it is flooded.
     */
    public void igmpSnoopingWithoutQuerier() {
        inNs(switchNs, "ip", "link", "set", "br0", "type", "bridge", "mcast_snooping", "1", "mcast_querier", "0");
    }

    /** Runs {@code command} in the switch's namespace (e.g. {@code bridge mdb show}); fails when it fails. */
    public Proc.Result onSwitch(String... command) {
        return inNs(switchNs, command);
    }

    /** Adds a host namespace with one interface {@code eth0} on the bridge, addressed {@code cidr}. */
    public Host host(String name, String cidr) {
        String ns = id + "-" + name;
        String tag = String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
        String hostSide = "ov" + tag + "h" + hosts.size();
        String peerSide = "ov" + tag + "p" + hosts.size();
        ip("netns", "add", ns);
        Host host = new Host(ns, cidr.substring(0, cidr.indexOf('/')));
        hosts.add(host);
        ip("link", "add", hostSide, "type", "veth", "peer", "name", peerSide);
        ip("link", "set", hostSide, "netns", switchNs);
        ip("link", "set", peerSide, "netns", ns);
        inNs(switchNs, "ip", "link", "set", hostSide, "master", "br0");
        inNs(switchNs, "ip", "link", "set", hostSide, "up");
        inNs(ns, "ip", "link", "set", "lo", "up");
        inNs(ns, "ip", "link", "set", peerSide, "name", "eth0");
        inNs(ns, "ip", "addr", "add", cidr, "dev", "eth0");
        inNs(ns, "ip", "link", "set", "eth0", "up");
        return host;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; nothing else to do
        }
    }

    private void deleteAll() {
        List<Host> copy;
        synchronized (hosts) {
            copy = new ArrayList<>(hosts);
        }
        for (Host h : copy) {
            h.processes.forEach(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
            Proc.run(IP_LIMIT, "ip", "netns", "del", h.ns);
        }
        Proc.run(IP_LIMIT, "ip", "netns", "del", switchNs);
    }

    private void ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Proc.Result r = Proc.run(IP_LIMIT, cmd);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r);
        }
    }

    private Proc.Result inNs(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        Proc.Result r = Proc.run(IP_LIMIT, cmd);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r);
        }
        return r;
    }

    /** One namespace on the lab's bridge. */
    public final class Host {
        private final String ns;
        private final String address;
        private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());

        private Host(String ns, String address) {
            this.ns = ns;
            this.address = address;
        }

        public String namespace() {
            return ns;
        }

        /** This host's IPv4 address on the bridge. */
        public String address() {
            return address;
        }

        /** Runs a command inside this namespace and waits for it. */
        public Proc.Result exec(Duration limit, String... command) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            cmd.addAll(List.of(command));
            return Proc.run(limit, cmd);
        }

        /** Starts a long-running command in this namespace; it is killed when the lab closes. */
        public Process start(List<String> command, java.nio.file.Path log) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (log != null) {
                pb.redirectOutput(log.toFile());
            } else {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            try {
                Process p = pb.start();
                processes.add(p);
                return p;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("could not start " + cmd, e);
            }
        }

        /**
         * Drops this fraction (0..1) of the packets this host receives, in the kernel
         * (iptables statistic match on INPUT). Applied on both ends, it makes a lossy link.
         */
        public void dropIncoming(double probability) {
            inNs(ns, "iptables", "-A", "INPUT", "-i", "eth0", "-m", "statistic", "--mode", "random",
                    "--probability", String.format(Locale.ROOT, "%.4f", probability), "-j", "DROP");
        }

        /** Gives {@code eth0} the hardware address {@code mac}, as a simulated Mac's network card has its MAC. */
        public void hardwareAddress(String mac) {
            inNs(ns, "ip", "link", "set", "dev", "eth0", "address", mac);
        }

        /** Adds a default route through {@code gateway} (for hosts on other subnets via a relay). */
        public void defaultRoute(String gateway) {
            inNs(ns, "ip", "route", "add", "default", "via", gateway);
        }

        /** Runs a command in this namespace, throwing with its output when it fails. */
        public Proc.Result check(String... command) {
            return inNs(ns, command);
        }

        @Override
        public String toString() {
            return ns + "(" + address + ")";
        }
    }
}
