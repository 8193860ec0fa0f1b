package dev.orchard.http.spi;

import java.util.Objects;

/** One fixed-size chunk of an image: 64-bit offset, its length (the last may be shorter) and its sha256. */
public record ManifestChunk(int index, long offset, long length, String sha256) {
    public ManifestChunk {
        Objects.requireNonNull(sha256, "sha256");
        if (index < 0 || offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative index, offset or length");
        }
    }
}
