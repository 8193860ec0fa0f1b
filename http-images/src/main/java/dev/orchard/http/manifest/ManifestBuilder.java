package dev.orchard.http.manifest;

import dev.orchard.http.files.FileResolver;
import dev.orchard.http.files.FileVersion;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.ManifestChunk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Computes an image's manifest in one streaming pass: sha256 of the whole and of each fixed-size chunk.
 * Memory stays flat (one 1 MiB buffer) whatever the image size; offsets are 64-bit. Blocks on disk: run it on
 * a worker thread ({@code orchard image import|scan}, or the server's manifest worker).
 */
public final class ManifestBuilder {

    /** Default chunk size: 4 MiB, a good unit for resume and verification on a LAN. */
    public static final int DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

    private static final int READ_BUFFER = 1024 * 1024;

    private ManifestBuilder() {
    }

    /**
     * @param name the image name written into the manifest (its path below the images folder)
     * @throws ImageChangedException when the image changed while it was hashed
     */
    public static ImageManifest build(Path image, String name, int chunkSize, ManifestProgress progress)
            throws IOException {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0");
        }
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            FileVersion before = versionOf(image, channel.size());
            long size = before.length();
            MessageDigest whole = sha256();
            MessageDigest chunk = sha256();
            List<ManifestChunk> chunks = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, size / chunkSize + 1));
            ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
            long position = 0;
            long chunkStart = 0;
            while (position < size) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("hashing " + name + " was interrupted");
                }
                long chunkEnd = Math.min(chunkStart + chunkSize, size);
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), chunkEnd - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new ImageChangedException(name + " became shorter while it was hashed");
                }
                whole.update(buffer.array(), 0, n);
                chunk.update(buffer.array(), 0, n);
                position += n;
                if (position == chunkEnd) {
                    chunks.add(new ManifestChunk(chunks.size(), chunkStart, chunkEnd - chunkStart, hex(chunk)));
                    chunkStart = chunkEnd;
                    progress.progress(position, size);
                }
            }
            FileVersion after = versionOf(image, channel.size());
            if (!after.etag().equals(before.etag())) {
                throw new ImageChangedException(name + " changed while it was hashed");
            }
            if (size == 0) {
                progress.progress(0, 0);
            }
            return new ImageManifest(name, size, hex(whole), chunkSize, before.etag(), before.modified(), chunks);
        }
    }

    /** The validators of the image at {@code path} now (the same ETag the file server sends). */
    static FileVersion versionOf(Path path, long length) throws IOException {
        Path real = path.toRealPath();
        BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return FileResolver.version(real, attrs, length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
