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
import java.util.Optional;

/**
 * Computes an image's manifest in one streaming pass: sha256 of the whole and of each fixed-size chunk.
 * Memory stays flat (one 1 MiB buffer) whatever the image size; offsets are 64-bit. Blocks on disk: run it on
 * a worker thread ({@code orchard image import|scan}, or the server's manifest worker). Hashing reads an opened
 * channel; the {@link Path} variant is for callers that own the file.
 */
public final class ManifestBuilder {

    /** Default chunk size: 4 MiB, a good unit for resume and verification on a LAN. */
    public static final int DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

    private static final int READ_BUFFER = 1024 * 1024;

    private ManifestBuilder() {
    }

    /** The validators of the hashed file now, or empty when its name no longer names the file hashed. */
    @FunctionalInterface
    public interface VersionNow {
        Optional<FileVersion> get() throws IOException;
    }

    /**
     * Hashes an image opened by the caller (the server: opened relative to a folder without following symlinks,
     * {@link dev.orchard.http.files.FileResolver#openInFolder}); reads only {@code channel}, never a path.
     *
     * @param version    the validators of exactly the file behind {@code channel}, taken when it was opened: the
     *                   manifest carries its ETag
     * @param name       the image name written into the manifest (its path below the images folder)
     * @param versionNow asked after hashing: another ETag (or none) means the file changed while hashed
     * @throws ImageChangedException when the image changed while it was hashed
     */
    public static ImageManifest build(FileChannel channel, FileVersion version, String name, int chunkSize,
                                      ManifestProgress progress, VersionNow versionNow) throws IOException {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0");
        }
        long size = version.length();
        if (channel.size() != size) {
            throw new ImageChangedException(name + " changed size since it was opened");
        }
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
        Optional<FileVersion> after = versionNow.get();
        if (after.isEmpty() || !after.get().etag().equals(version.etag())) {
            throw new ImageChangedException(name + " changed while it was hashed");
        }
        if (size == 0) {
            progress.progress(0, 0);
        }
        return new ImageManifest(name, size, hex(whole), chunkSize, version.etag(), version.modified(), chunks);
    }

    /**
     * Hashes the file at {@code image}, following its path as given: for a caller that owns the file and the
     * folders above it (tests, tools). The server and {@code orchard image} go through {@link ManifestStore},
     * which opens images without following symlinks.
     *
     * @throws ImageChangedException when the image changed while it was hashed
     */
    public static ImageManifest build(Path image, String name, int chunkSize, ManifestProgress progress)
            throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            FileVersion before = versionOf(image, channel.size());
            return build(channel, before, name, chunkSize, progress,
                    () -> Optional.of(versionOf(image, channel.size())));
        }
    }

    private static FileVersion versionOf(Path path, long length) throws IOException {
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
