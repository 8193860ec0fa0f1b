import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * The physical limit for lab-bench.sh: a plain TCP copy of BYTES over loopback, one connection, a sender
 * thread writing a 1 MiB direct buffer over and over and a receiver thread reading into another and
 * dropping the bytes (no disk, no hashing, no HTTP) — the best this machine can move bytes from one
 * process's socket to another's, on the same 2 cores the lab shares.
 *
 *   java ops/bench/TcpCopy.java BYTES
 * prints: tcp-copy bytes=<n> seconds=<s> mib_per_s=<x>
 */
public class TcpCopy {
    public static void main(String[] args) throws Exception {
        long total = Long.parseLong(args[0]);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            long[] received = new long[1];
            Thread receiver = new Thread(() -> {
                try (SocketChannel in = server.accept()) {
                    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                    long n;
                    while ((n = in.read(buf)) >= 0) {
                        received[0] += n;
                        buf.clear();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            receiver.start();
            long start = System.nanoTime();
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                long sent = 0;
                while (sent < total) {
                    buf.clear().limit((int) Math.min(buf.capacity(), total - sent));
                    while (buf.hasRemaining()) {
                        sent += out.write(buf);
                    }
                }
            }
            receiver.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (received[0] != total) {
                throw new IllegalStateException("received " + received[0] + " of " + total + " bytes");
            }
            System.out.printf(Locale.ROOT, "tcp-copy bytes=%d seconds=%.3f mib_per_s=%.1f%n", total, seconds,
                    total / 1048576.0 / seconds);
        }
    }
}
