package dev.orchard.http.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The chunk manifest of a block image (docs/agent-api.md, "Manifest"), as served by
 * {@code GET /images/{name}/manifest} and stored beside the image as {@code <name>.manifest.json}.
 *
 * @param etag     the strong ETag the file server sends for the same bytes (usable in If-Range)
 * @param modified the image's modification time when it was hashed
 */
public record ImageManifest(String name, long size, String sha256, int chunkSize, String etag, Instant modified,
                            List<ManifestChunk> chunks) {
    public ImageManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(modified, "modified");
        chunks = List.copyOf(chunks);
        if (size < 0 || chunkSize <= 0) {
            throw new IllegalArgumentException("size >= 0 and chunkSize > 0 required");
        }
        long expected = size == 0 ? 0 : (size - 1) / chunkSize + 1;
        if (chunks.size() != expected) {
            throw new IllegalArgumentException("a " + size + "-byte image in " + chunkSize + "-byte chunks has "
                    + expected + " chunks, not " + chunks.size());
        }
    }
}
