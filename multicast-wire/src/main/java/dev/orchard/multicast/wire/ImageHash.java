package dev.orchard.multicast.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The sha256 of a whole block image, as its chunk manifest states it: the identity of a multicast stream.
 * Every datagram carries it, so a receiver writes only the stream of the image it was told to restore
 * (FOG's udpcast failure: a rebooted client joined another session's stream, wrote it and reported
 * success).
 */
public final class ImageHash {

    /** Bytes of a SHA-256 digest (FIPS 180-4). */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private ImageHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** From the 32 digest bytes (copied). */
    public static ImageHash of(byte[] digest) {
        if (digest == null || digest.length != LENGTH) {
            throw new IllegalArgumentException("an image hash is " + LENGTH + " bytes, got "
                    + (digest == null ? "null" : digest.length));
        }
        return new ImageHash(digest.clone());
    }

    /** From 64 hex digits, as manifests and plans write it ({@code shasum -a 256}); either case. */
    public static ImageHash parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an image hash is 64 hex digits, got " + (hex == null ? "null" : "'" + hex + "'"));
        }
        try {
            return new ImageHash(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("an image hash is 64 hex digits, got '" + hex + "'", e);
        }
    }

    /** A copy of the digest bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Lower-case hex, as manifests write it. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageHash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
