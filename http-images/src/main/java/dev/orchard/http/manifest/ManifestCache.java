package dev.orchard.http.manifest;

import dev.orchard.http.files.FileVersion;
import dev.orchard.http.spi.ImageManifest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Serves manifests to the HTTP server: remembered while the image's ETag is unchanged, otherwise read from
 * beside the image or recomputed, with at most one computation per image at a time however many agents ask.
 * Hashing runs on {@code hashing}, never on the caller's thread.
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
     * @param image the image's real path
     * @param name  its name below the images folder
     */
    public CompletableFuture<ImageManifest> get(Path image, String name) {
        CompletableFuture<ImageManifest> created = new CompletableFuture<>();
        CompletableFuture<ImageManifest> running = inFlight.putIfAbsent(image, created);
        if (running != null) {
            return running;
        }
        try {
            hashing.execute(() -> {
                try {
                    created.complete(compute(image, name));
                } catch (Throwable e) {
                    created.completeExceptionally(e);
                } finally {
                    inFlight.remove(image, created);
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.remove(image, created);
            created.completeExceptionally(rejected);
        }
        return created;
    }

    private ImageManifest compute(Path image, String name) throws IOException {
        FileVersion now;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            now = ManifestBuilder.versionOf(image, ch.size());
        }
        ImageManifest cached = known.get(image);
        if (cached != null && cached.etag().equals(now.etag()) && cached.chunkSize() == store.chunkSize()
                && cached.name().equals(name)) {
            return cached;
        }
        ImageManifest fresh = store.loadOrBuild(image, name, ManifestProgress.NONE);
        known.put(image, fresh);
        return fresh;
    }
}
