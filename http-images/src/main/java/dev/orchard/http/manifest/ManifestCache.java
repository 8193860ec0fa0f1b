package dev.orchard.http.manifest;

import dev.orchard.http.files.FileInFolder;
import dev.orchard.http.files.FileVersion;
import dev.orchard.http.spi.ImageManifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Serves manifests to the HTTP server: remembered while the image's ETag is unchanged, otherwise read from
 * beside the image or recomputed, with at most one computation per image at a time however many agents ask.
 * Hashing runs on {@code hashing}, never on the caller's thread. Images are keyed by their real path below the
 * root; everything read or written goes through the caller's opened image and folder ({@link ManifestStore}).
 */
public final class ManifestCache {

    private final ManifestStore store;
    private final Executor hashing;
    private final ConcurrentHashMap<Path, ImageManifest> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, CompletableFuture<ImageManifest>> inFlight = new ConcurrentHashMap<>();

    public ManifestCache(ManifestStore store, Executor hashing) {
        this.store = store;
        this.hashing = hashing;
    }

    /**
     * The manifest of an image the caller opened; the caller keeps {@code image} open until the future completes
     * (it is hashed, and its stored manifest read and written, through it). When a computation for the same
     * image is already running, that one's future is returned: its manifest may then describe another version
     * of the file than the caller opened (compare the ETags).
     *
     * @param name its name below the images folder
     */
    public CompletableFuture<ImageManifest> get(FileInFolder image, String name) {
        Path key = image.file().path();
        CompletableFuture<ImageManifest> created = new CompletableFuture<>();
        CompletableFuture<ImageManifest> running = inFlight.putIfAbsent(key, created);
        if (running != null) {
            return running;
        }
        try {
            hashing.execute(() -> {
                try {
                    created.complete(compute(key, image, name));
                } catch (Throwable e) {
                    created.completeExceptionally(e);
                } finally {
                    inFlight.remove(key, created);
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.remove(key, created);
            created.completeExceptionally(rejected);
        }
        return created;
    }

    private ImageManifest compute(Path key, FileInFolder image, String name) throws IOException {
        FileVersion now = image.file().version();
        ImageManifest cached = known.get(key);
        if (cached != null && cached.etag().equals(now.etag()) && cached.chunkSize() == store.chunkSize()
                && cached.name().equals(name)) {
            return cached;
        }
        ImageManifest fresh = store.loadOrBuild(image, name, ManifestProgress.NONE);
        known.put(key, fresh);
        return fresh;
    }
}
