package dev.orchard.ops.lab;

import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.ops.config.ServerSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.IntFunction;

/**
 * Where the simulated Macs find the server, from the configuration (or {@code --server}), and which
 * addresses they have.
 *
 * <p>The TFTP server is not here: like the firmware, a Mac fetches its booter from the ACK's
 * {@code siaddr} (on the configured TFTP port), and the root image from the option-17 URL. The agent
 * is pointed at the HTTP server, as an NBI's startup script would be.
 *
 * @param bsdpServer where INFORMs go: the server, or 255.255.255.255 in broadcast mode
 * @param bsdpBind   the Macs' BSDP socket: port 68 in broadcast mode (real firmware), else ephemeral
 * @param tftpPort   the configured TFTP port (69 for a real lab)
 * @param agentBase  the HTTP server the agent talks to
 * @param loopback   true when the whole lab runs on this host's loopback
 */
public record LabEndpoints(InetSocketAddress bsdpServer, InetSocketAddress bsdpBind, int tftpPort, URI agentBase,
                           boolean loopback) {

    /** Loopback Macs are numbered from here: 127.77.0.2, 127.77.0.3, … (all of 127/8 is local on Linux). */
    static final int LOOPBACK_BASE = Ipv4.toInt(Ipv4.parse("127.77.0.0"));

    public static LabEndpoints of(ServerSettings server, LabSettings lab) {
        String host = lab.server() != null ? lab.server() : server.advertiseAddress() != null ? server.advertiseAddress()
                : isWildcard(server.bsdp().address()) ? "127.0.0.1" : server.bsdp().address();
        boolean loopback = !lab.broadcast() && address(host).isLoopbackAddress();
        InetSocketAddress bsdp = lab.broadcast() ? new InetSocketAddress(address("255.255.255.255"), server.bsdp().port())
                : new InetSocketAddress(address(host), server.bsdp().port());
        InetSocketAddress bind = new InetSocketAddress(address("0.0.0.0"), lab.broadcast() ? 68 : 0);
        URI agent = URI.create("http://" + host + ":" + server.http().port());
        return new LabEndpoints(bsdp, bind, server.tftp().port(), agent, loopback);
    }

    /**
     * The Macs' addresses (ciaddr), by global index: from {@code --ciaddr} on; on loopback one per Mac in
     * 127.77/16 (skipping .0, .1 and .252-.255 of each /24); otherwise this host's address towards the
     * server for every Mac (replies are told apart by transaction id).
     */
    public IntFunction<Inet4Address> addresses(LabSettings lab) {
        if (lab.ciaddr() != null) {
            int base = Ipv4.toInt(Ipv4.parse(lab.ciaddr()));
            return i -> Ipv4.of(base + (i - lab.first()));
        }
        if (loopback) {
            return i -> Ipv4.of(LOOPBACK_BASE + (i / 250) * 256 + 2 + i % 250);
        }
        Inet4Address local = localAddressTowards(address(agentBase.getHost()));
        return i -> local;
    }

    /** The address the server sees on the agent's requests: what plan-time subnet rules look at. */
    public String planAddress(LabMachine mac) {
        return loopback ? "127.0.0.1" : mac.ciaddr().getHostAddress();
    }

    private static Inet4Address localAddressTowards(InetAddress server) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(server, 9);
            if (probe.getLocalAddress() instanceof Inet4Address a && !a.isAnyLocalAddress()) {
                return a;
            }
            throw new IllegalArgumentException("no IPv4 route to " + server.getHostAddress() + "; give --ciaddr");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find this host's address towards " + server.getHostAddress(), e);
        }
    }

    private static boolean isWildcard(String address) {
        return address == null || address.equals("0.0.0.0") || address.equals("::");
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + host + "' is not an address this host can resolve", e);
        }
    }
}
