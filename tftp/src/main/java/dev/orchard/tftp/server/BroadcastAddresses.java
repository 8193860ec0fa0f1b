package dev.orchard.tftp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * RFC 1123 §4.2.3.5: a TFTP request sent to a broadcast address should be silently ignored. The datagram's
 * destination is visible when the transport reports it (a socket bound to a broadcast address, or a
 * recipient filled from IP_PKTINFO); with a wildcard bind and no such report it cannot be told apart.
 */
final class BroadcastAddresses {

    private final Set<InetAddress> broadcast = new HashSet<>();

    BroadcastAddresses() {
        try {
            broadcast.add(InetAddress.getByAddress(new byte[] {-1, -1, -1, -1}));
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (a.getBroadcast() != null) {
                        broadcast.add(a.getBroadcast());
                    }
                }
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            // Without the interface list only the limited broadcast address is recognised.
        }
    }

    boolean isBroadcast(InetSocketAddress destination) {
        return destination != null && destination.getAddress() != null
                && (broadcast.contains(destination.getAddress()) || destination.getAddress().isMulticastAddress());
    }
}
