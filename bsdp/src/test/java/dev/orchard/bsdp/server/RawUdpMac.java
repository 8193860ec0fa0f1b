package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;

/** A plain JDK socket on 127.0.0.1 that sends one packet and returns the exact bytes that came back. */
final class RawUdpMac implements AutoCloseable {

    private final DatagramSocket socket;

    RawUdpMac() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(5000);
    }

    int port() {
        return socket.getLocalPort();
    }

    Optional<byte[]> exchange(DhcpPacket request, InetSocketAddress server) throws IOException {
        send(DhcpPacketCodec.encode(request), server);
        return receive();
    }

    void send(byte[] datagram, InetSocketAddress server) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, server));
    }

    /** The next datagram, or empty after the socket timeout (5 s unless changed). */
    Optional<byte[]> receive() throws IOException {
        byte[] buf = new byte[65535];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(in);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(buf, in.getLength()));
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() {
        socket.close();
    }
}
