package dev.orchard.tftp.testing;

import dev.orchard.tftp.codec.Ack;
import dev.orchard.tftp.codec.ErrorPacket;
import dev.orchard.tftp.codec.MalformedPacketException;
import dev.orchard.tftp.codec.TftpDecoder;
import dev.orchard.tftp.codec.TftpEncoder;
import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.codec.TftpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A hand-driven UDP peer on 127.0.0.1 for adversarial tests: sends exact bytes, reads what comes back. */
public final class RawPeer implements AutoCloseable {

    /** One datagram received, decoded when it decodes. */
    public record Reply(int fromPort, byte[] bytes, TftpPacket packet) {
    }

    private final DatagramSocket socket;

    public RawPeer() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void send(byte[] bytes, int port) {
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(TftpPacket packet, int port) {
        send(bytes(packet), port);
    }

    public void ack(int block, int port) {
        send(new Ack(block), port);
    }

    /** Aborts the transfer on {@code port} the polite way (ERROR 0). */
    public void abort(int port) {
        send(new ErrorPacket(TftpErrorCode.NOT_DEFINED, "test done"), port);
    }

    /** The next datagram within {@code wait}, or null. */
    public Reply receive(Duration wait) {
        byte[] buf = new byte[70000];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = Arrays.copyOf(buf, p.getLength());
        TftpPacket decoded;
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        try {
            decoded = TftpDecoder.decode(b);
        } catch (MalformedPacketException e) {
            decoded = null;
        } finally {
            b.release();
        }
        return new Reply(p.getPort(), bytes, decoded);
    }

    /** Everything that arrives within {@code wait}. */
    public List<Reply> drain(Duration wait) {
        return drainWhile(wait, r -> true);
    }

    /**
     * Everything that arrives up to and including the first ERROR packet, waiting at most {@code max}
     * in total: tests of timeouts check the sequence of packets, not how fast a loaded machine fires
     * its timers.
     */
    public List<Reply> drainUntilError(Duration max) {
        return drainWhile(max, r -> !(r.packet() instanceof dev.orchard.tftp.codec.ErrorPacket));
    }

    /** Replies until {@code max} has passed, nothing more arrives, or one fails {@code goOn} (it is kept). */
    private List<Reply> drainWhile(Duration max, java.util.function.Predicate<Reply> goOn) {
        List<Reply> all = new ArrayList<>();
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return all;
            }
            Reply r = receive(Duration.ofNanos(left));
            if (r == null) {
                return all;
            }
            all.add(r);
            if (!goOn.test(r)) {
                return all;
            }
        }
    }

    public static byte[] bytes(TftpPacket packet) {
        ByteBuf buf = TftpEncoder.encode(packet, ByteBufAllocator.DEFAULT);
        try {
            byte[] b = new byte[buf.readableBytes()];
            buf.getBytes(0, b);
            return b;
        } finally {
            buf.release();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
