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
 * lab however many Macs compare against it, and of the Macs' targets (streamed, never held whole).
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

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
