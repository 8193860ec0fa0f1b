package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A block image's chunk manifest ({@code GET /images/{name}/manifest}). {@link #validated()} checks the
 * chunks tile the image exactly, so the restore can trust offsets and lengths.
 *
 * @param etag the strong ETag the file server sends for these bytes (used in {@code If-Range})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String name, long size, String sha256, long chunkSize, String etag, String modified,
                       List<ManifestChunk> chunks) {

    public Manifest {
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    public int chunkCount() {
        return chunks.size();
    }

    public ManifestChunk chunk(int index) {
        return chunks.get(index);
    }

    /** Checks sizes, offsets and digests; throws {@link PlanException} naming the first problem. */
    public Manifest validated() {
        if (size < 0 || chunkSize <= 0 || chunkSize > Integer.MAX_VALUE) {
            throw new PlanException("manifest " + name + ": bad size " + size + " or chunk size " + chunkSize);
        }
        if (!Sha256Hex.isValid(sha256)) {
            throw new PlanException("manifest " + name + ": sha256 is not 64 hex digits");
        }
        long expectedCount = (size + chunkSize - 1) / chunkSize;
        if (chunks.size() != expectedCount) {
            throw new PlanException("manifest " + name + ": " + chunks.size() + " chunks, expected " + expectedCount
                    + " for " + size + " bytes in chunks of " + chunkSize);
        }
        long offset = 0;
        for (int i = 0; i < chunks.size(); i++) {
            ManifestChunk c = chunks.get(i);
            long expectedLength = Math.min(chunkSize, size - offset);
            if (c.index() != i || c.offset() != offset || c.length() != expectedLength) {
                throw new PlanException("manifest " + name + ": chunk " + i + " is (index " + c.index() + ", offset "
                        + c.offset() + ", length " + c.length() + "), expected (" + i + ", " + offset + ", "
                        + expectedLength + ")");
            }
            if (!Sha256Hex.isValid(c.sha256())) {
                throw new PlanException("manifest " + name + ": chunk " + i + " has no valid sha256");
            }
            offset += c.length();
        }
        return this;
    }
}
