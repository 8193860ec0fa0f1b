package dev.orchard.http.manifest;

import dev.orchard.http.files.FileVersion;
import dev.orchard.http.spi.ImageManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Manifests kept beside their images as {@code <name>.manifest.json}. A stored manifest is fresh while the
 * image's size and strong ETag (inode, modification time, size) are unchanged and its chunk size is the
 * configured one; otherwise it is recomputed and replaced atomically. This is the builder API {@code ops}
 * calls for {@code orchard image import|scan}. Blocking: call off the event loop.
 */
public final class ManifestStore {

    /** Suffix of stored manifests. */
    public static final String SUFFIX = ".manifest.json";

    private static final Logger LOG = LoggerFactory.getLogger(ManifestStore.class);

    private final int chunkSize;

    public ManifestStore(int chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0");
        }
        this.chunkSize = chunkSize;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** Where the manifest of {@code image} is stored. */
    public static Path manifestPath(Path image) {
        return image.resolveSibling(image.getFileName() + SUFFIX);
    }

    /** True for file names that are stored manifests (never images themselves). */
    public static boolean isManifestFile(Path file) {
        return file.getFileName().toString().endsWith(SUFFIX);
    }

    /** The stored manifest when it still describes the image, else empty. */
    public Optional<ImageManifest> readFresh(Path image) throws IOException {
        Path stored = manifestPath(image);
        ImageManifest m;
        try {
            m = ManifestJson.read(stored);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("ignoring unreadable manifest {}: {}", stored, e.getMessage());
            return Optional.empty();
        }
        FileVersion now;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            now = ManifestBuilder.versionOf(image, ch.size());
        }
        boolean fresh = m.size() == now.length() && m.etag().equals(now.etag()) && m.chunkSize() == chunkSize;
        return fresh ? Optional.of(m) : Optional.empty();
    }

    /**
     * The fresh stored manifest, or a newly computed one (then stored beside the image when the folder is
     * writable; a read-only image folder still gets an answer).
     *
     * @param name the image name to write into a new manifest
     */
    public ImageManifest loadOrBuild(Path image, String name, ManifestProgress progress) throws IOException {
        Optional<ImageManifest> fresh = readFresh(image);
        if (fresh.isPresent()) {
            return fresh.get();
        }
        ImageManifest built = ManifestBuilder.build(image, name, chunkSize, progress);
        store(image, built);
        return built;
    }

    private static void store(Path image, ImageManifest manifest) {
        Path target = manifestPath(image);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.write(tmp, ManifestJson.toBytes(manifest));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("could not store the manifest of {} beside it ({}); it will be recomputed next time",
                    image, e.toString());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
