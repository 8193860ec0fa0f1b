package dev.orchard.ops.lab;

import dev.orchard.tftp.client.TransferSink;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TFTP sink that compares every block, as it arrives, with the same bytes of the file it should be:
 * stronger than a digest (it names the first differing byte) and much cheaper (a vectorised compare
 * against a read-only mapping instead of SHA-256 over 20 MiB per Mac). The mappings are shared by all
 * Macs of a lab ({@link Files}).
 */
final class ComparingSink implements TransferSink {

    /** Read-only mappings of the NBI files, one per path, kept for the lab's lifetime. */
    static final class Files {
        private final Map<Path, ByteBuffer> mapped = new ConcurrentHashMap<>();

        ByteBuffer of(Path file) {
            return mapped.computeIfAbsent(file.toAbsolutePath().normalize(), p -> {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                    return m.asReadOnlyBuffer();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + p, e);
                }
            }).duplicate();
        }
    }

    private final ByteBuffer expected;
    private long received;
    private long firstDifference = -1;

    ComparingSink(ByteBuffer expected) {
        this.expected = expected;
    }

    @Override
    public void write(ByteBuf data) {
        int n = data.readableBytes();
        if (firstDifference < 0) {
            long end = received + n;
            if (end > expected.capacity()) {
                firstDifference = Math.max(received, expected.capacity());
            } else {
                ByteBuffer want = expected.duplicate().position((int) received).limit((int) end);
                int m = data.nioBuffer().mismatch(want);
                if (m >= 0) {
                    firstDifference = received + m;
                }
            }
        }
        received += n;
        data.skipBytes(n);
    }

    @Override
    public void finish() {
        if (firstDifference < 0 && received != expected.capacity()) {
            firstDifference = Math.min(received, expected.capacity());
        }
    }

    @Override
    public void abort() {
    }

    /** The first byte that differs from the file (a length difference counts), or -1 when identical. */
    long firstDifference() {
        return firstDifference;
    }
}
