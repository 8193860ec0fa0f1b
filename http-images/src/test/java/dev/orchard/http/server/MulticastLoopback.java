package dev.orchard.http.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;

/** A receiver of the sender's stream on loopback, for the multicast ITs of this package. */
final class MulticastLoopback {

    private MulticastLoopback() {
    }

    /** Joined to {@code group} on {@code lo}, a 4 MiB receive buffer, a 5 s receive timeout. */
    static MulticastSocket receiver(InetAddress group, int port) throws IOException {
        MulticastSocket s = new MulticastSocket(new InetSocketAddress(group, port));
        s.setReceiveBufferSize(4 << 20);
        s.setSoTimeout(5_000);
        s.joinGroup(new InetSocketAddress(group, 0), NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()));
        return s;
    }

    /** Reads and drops whatever is queued on {@code s}. */
    static void drain(MulticastSocket s) throws IOException {
        s.setSoTimeout(1);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            while (true) {
                s.receive(p);
            }
        } catch (SocketTimeoutException empty) {
            // drained
        }
    }

    static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
