package dev.orchard.ops.wiring;

import dev.orchard.http.files.FileInFolder;
import dev.orchard.http.manifest.ImageScanner;
import dev.orchard.http.manifest.ManifestBuilder;
import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.spi.ImageManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The block images of one folder and their chunk manifests (stored beside each image as
 * {@code <name>.manifest.json}, the same files the HTTP server serves at {@code /images/<name>/manifest}).
 * Hashing is streamed and happens once per image version, at most one computation per image at a time.
 * Blocking: call from workers and commands, never from an event loop.
 */
public final class ImageLibrary {

    /** One image as {@code orchard image list} shows it. */
    public record Entry(String name, long size, Optional<ImageManifest> manifest, Freshness freshness) {
    }

    /** Whether the stored manifest describes the image's current bytes. */
    public enum Freshness { FRESH, STALE, MISSING }

    private static final Logger LOG = LoggerFactory.getLogger(ImageLibrary.class);

    private final Path folder;
    private final ManifestStore store;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public ImageLibrary(Path folder) {
        this(folder, ManifestBuilder.DEFAULT_CHUNK_SIZE);
    }

    public ImageLibrary(Path folder, int chunkSize) {
        this.folder = folder;
        this.store = new ManifestStore(chunkSize);
    }

    public Path folder() {
        return folder;
    }

    /** The chunk size of this library's manifests. */
    public int chunkSize() {
        return store.chunkSize();
    }

    /**
     * The manifest of {@code file} (relative to the folder), read when fresh, else computed and stored. The image
     * is opened from the folder as the server opens it, without following a symlink out of the folder, and its
     * manifest is read and written in the folder it was opened in, never by path name ({@link ManifestStore}).
     *
     * @throws java.nio.file.NoSuchFileException when {@code file} is not an image the server would serve
     */
    public ImageManifest manifest(String file, ManifestProgress progress) throws IOException {
        String name = name(file);
        synchronized (locks.computeIfAbsent(name, f -> new Object())) {
            return store.loadOrBuild(folder, name, progress);
        }
    }

    /** Brings every image's manifest up to date (new and changed images are hashed). */
    public List<ImageManifest> scan(ImageScanner.Progress progress) throws IOException {
        List<ImageManifest> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        for (String name : ImageScanner.imageNames(folder)) {
            try {
                out.add(manifest(name, (done, total) -> progress.progress(name, done, total)));
            } catch (NoSuchFileException e) {
                // removed meanwhile, or a symlink the server would not follow either: no image to describe
                LOG.info("skipping {}: {}", name, e.getReason());
            }
        }
        return out;
    }

    /** Every image with its stored manifest's state, without hashing anything. */
    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        for (String name : ImageScanner.imageNames(folder)) {
            FileInFolder image;
            try {
                image = ManifestStore.openImage(folder, name);
            } catch (NoSuchFileException e) {
                continue; // not an image the server serves (see scan)
            }
            try (image) {
                Optional<ImageManifest> fresh = store.readFresh(image);
                Freshness f = fresh.isPresent() ? Freshness.FRESH
                        : ManifestStore.hasStored(image) ? Freshness.STALE : Freshness.MISSING;
                out.add(new Entry(name, image.file().version().length(), fresh, f));
            }
        }
        return out;
    }

    /** The images whose stored manifests are fresh (what the admin API lists). */
    public List<ImageManifest> manifests() throws IOException {
        return list().stream().flatMap(e -> e.manifest().stream()).toList();
    }

    /**
     * Adds {@code source} to the folder as {@code name} (a hard link when on the same file system, else a
     * copy through a temporary file and an atomic rename) and computes its manifest.
     *
     * @throws FileAlreadyExistsException when another file already has that name
     */
    public ImageManifest importImage(Path source, String name, ManifestProgress progress) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new IOException(source + " is not a regular file");
        }
        Path target = resolve(name);
        if (Files.exists(target)) {
            if (!Files.isSameFile(source, target)) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "an image with that name exists; choose another --name or remove it first");
            }
        } else {
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, source);
            } catch (IOException | UnsupportedOperationException e) {
                Path tmp = target.resolveSibling("." + target.getFileName() + ".importing");
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return manifest(name, progress);
    }

    private Path resolve(String file) {
        Path p = folder.resolve(file).normalize();
        if (!p.startsWith(folder.normalize()) || p.equals(folder.normalize()) || file.startsWith("/")) {
            throw new IllegalArgumentException("image name '" + file + "' must stay inside " + folder);
        }
        if (ManifestStore.isManifestFile(p) || p.getFileName().toString().startsWith(".")) {
            throw new IllegalArgumentException("image name '" + file + "' is reserved (manifests and hidden files)");
        }
        return p;
    }

    /** {@code file} checked by {@link #resolve} and written as the server's path below the folder. */
    private String name(String file) {
        Path relative = folder.normalize().relativize(resolve(file));
        return relative.toString().replace(java.io.File.separatorChar, '/');
    }
}
