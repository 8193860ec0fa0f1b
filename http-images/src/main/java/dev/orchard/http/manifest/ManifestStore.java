package dev.orchard.http.manifest;

import dev.orchard.http.files.FileInFolder;
import dev.orchard.http.files.FileLookup;
import dev.orchard.http.files.FileResolver;
import dev.orchard.http.files.FileVersion;
import dev.orchard.http.files.FolderLookup;
import dev.orchard.http.spi.ImageManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Manifests kept beside their images as {@code <name>.manifest.json}. A stored manifest is fresh while the
 * image's size and strong ETag (inode, modification time, size) are unchanged and its chunk size is the
 * configured one; otherwise it is recomputed and replaced atomically. This is the builder API {@code ops}
 * calls for {@code orchard image import|scan}, and what the server's manifest route uses.
 * <p>Nothing here goes by path name below the images root: the image is opened from the root one component at
 * a time without following symlinks ({@link FileResolver#openInFolder}), hashed through that descriptor, and
 * its stored manifest is read and replaced relative to the folder it was opened in ({@code openat},
 * {@code renameat}). A folder swapped for a symlink out of the root meanwhile is not followed, so no manifest is
 * read from or written to a folder outside the root. Blocking: call off the event loop.
 */
public final class ManifestStore {

    /** Suffix of stored manifests. */
    public static final String SUFFIX = ".manifest.json";

    /** Larger than any real manifest (a 4 TiB image in 4 MiB chunks: about 150 MiB of JSON). */
    private static final int MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

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

    /** Where the manifest of the image at {@code image} is stored. */
    public static Path manifestPath(Path image) {
        return image.resolveSibling(manifestName(image.getFileName().toString()));
    }

    /** The stored manifest's file name for an image file name. */
    public static String manifestName(String imageFileName) {
        return imageFileName + SUFFIX;
    }

    /** True for file names that are stored manifests (never images themselves). */
    public static boolean isManifestFile(Path file) {
        return isManifestFile(file.getFileName().toString());
    }

    public static boolean isManifestFile(String fileName) {
        return fileName.endsWith(SUFFIX);
    }

    /**
     * Opens the image {@code name} (a relative path with {@code /}) under {@code root}, as the server does.
     *
     * @throws NoSuchFileException when it is not a regular file inside the root (missing, a folder, hidden, a
     *                             symlink leaving the root, unreadable), with the reason
     */
    public static FileInFolder openImage(Path root, String name) throws IOException {
        List<String> segments = List.of(name.split("/", -1));
        FolderLookup lookup = segments.contains("") ? new FileLookup.NotFound(FileLookup.Why.MISSING)
                : FileResolver.openInFolder(root, segments);
        if (lookup instanceof FileLookup.NotFound nf) {
            throw new NoSuchFileException(name, null, "not a servable image under " + root + ": "
                    + nf.why().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        return (FileInFolder) lookup;
    }

    /** The stored manifest when it still describes the opened image, else empty. */
    public Optional<ImageManifest> readFresh(FileInFolder image) throws IOException {
        String stored = manifestName(image.name());
        ImageManifest m;
        try {
            Optional<byte[]> json = image.folder().read(stored, MAX_MANIFEST_BYTES);
            if (json.isEmpty()) {
                return Optional.empty();
            }
            m = ManifestJson.fromBytes(json.get());
        } catch (IOException e) {
            LOG.warn("ignoring unreadable manifest {}: {}", image.folder().path().resolve(stored), e.getMessage());
            return Optional.empty();
        }
        FileVersion now = image.file().version();
        boolean fresh = m.size() == now.length() && m.etag().equals(now.etag()) && m.chunkSize() == chunkSize;
        return fresh ? Optional.of(m) : Optional.empty();
    }

    /** True when a manifest (fresh or not) is stored beside the opened image. */
    public static boolean hasStored(FileInFolder image) throws IOException {
        return image.folder().has(manifestName(image.name()));
    }

    /** {@link #loadOrBuild(FileInFolder, String, ManifestProgress)} for the image {@code name} under {@code root}. */
    public ImageManifest loadOrBuild(Path root, String name, ManifestProgress progress) throws IOException {
        try (FileInFolder image = openImage(root, name)) {
            return loadOrBuild(image, name, progress);
        }
    }

    /**
     * The fresh stored manifest, or one newly computed from the opened image's descriptor (then stored beside
     * the image, in the folder it was opened in, when that folder is writable; a read-only image folder still
     * gets an answer).
     *
     * @param name the image name to write into a new manifest
     */
    public ImageManifest loadOrBuild(FileInFolder image, String name, ManifestProgress progress) throws IOException {
        Optional<ImageManifest> fresh = readFresh(image);
        if (fresh.isPresent()) {
            return fresh.get();
        }
        ImageManifest built = ManifestBuilder.build(image.file().channel(), image.file().version(), name, chunkSize,
                progress, image::versionNow);
        store(image, built);
        return built;
    }

    private static void store(FileInFolder image, ImageManifest manifest) {
        String target = manifestName(image.name());
        try {
            image.folder().replace(target, ManifestJson.toBytes(manifest));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("could not store the manifest of {} beside it ({}); it will be recomputed next time",
                    image.file().path(), e.toString());
        }
    }
}
