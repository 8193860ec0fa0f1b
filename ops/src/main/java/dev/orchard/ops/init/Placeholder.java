package dev.orchard.ops.init;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Placeholder payloads: deterministic pseudo-random bytes (same seed, same file), written streaming. */
final class Placeholder {

    private Placeholder() {
    }

    /** Writes {@code size} bytes from {@code seed}; returns their sha256 (hex). */
    static String write(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        MessageDigest sha = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buffer.length, left);
                for (int i = 0; i < n; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8 && i + j < n; j++) {
                        buffer[i + j] = (byte) (r >>> (8 * j));
                    }
                }
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
