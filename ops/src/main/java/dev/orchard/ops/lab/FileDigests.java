package dev.orchard.ops.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of the server's own files (booters, kernelcaches, images, payloads), each computed once per
 * lab however many Macs compare against it; byte comparison of a Mac's target with a served file
 * (streamed, never held whole).
 */
public final class FileDigests {

    private static final int BUFFER = 1 << 20;

    private final Map<Path, String> cache = new ConcurrentHashMap<>();

    /** The SHA-256 of a file that does not change during the lab (cached). */
    public String of(Path file) {
        return cache.computeIfAbsent(file.toAbsolutePath().normalize(), p -> {
            try {
                return sha256(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        });
    }

    /** Lower-case hex SHA-256 of a file, streamed through one 1 MiB buffer. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buffer) >= 0) {
                buffer.flip();
                md.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The offset of the first byte where two files differ, -1 when they are identical, or
     * {@link Long#MAX_VALUE} when their sizes differ. Streams both through 1 MiB direct buffers (vectorised
     * comparison), holding neither.
     */
    public static long firstDifference(Path a, Path b) throws IOException {
        try (FileChannel x = FileChannel.open(a, StandardOpenOption.READ);
             FileChannel y = FileChannel.open(b, StandardOpenOption.READ)) {
            if (x.size() != y.size()) {
                return Long.MAX_VALUE;
            }
            ByteBuffer bx = ByteBuffer.allocateDirect(BUFFER);
            ByteBuffer by = ByteBuffer.allocateDirect(BUFFER);
            for (long at = 0; at < x.size(); at += BUFFER) {
                fill(x, bx.clear(), at);
                fill(y, by.clear(), at);
                int m = bx.flip().mismatch(by.flip());
                if (m >= 0) {
                    return at + m;
                }
            }
            return -1;
        }
    }

    private static void fill(FileChannel ch, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = ch.read(into, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
