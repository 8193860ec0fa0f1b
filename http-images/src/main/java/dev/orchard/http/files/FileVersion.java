package dev.orchard.http.files;

import java.time.Instant;
import java.util.Objects;

/**
 * The validators of one opened file: its length (from the open descriptor, never from a later stat), its
 * modification time and its strong tag.
 */
public record FileVersion(long length, Instant modified, String etag) {
    public FileVersion {
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(etag, "etag");
        if (length < 0) {
            throw new IllegalArgumentException("length < 0");
        }
    }

    /** Last-Modified has one-second resolution (RFC 9110 §8.8.2). */
    public Instant modifiedSeconds() {
        return Instant.ofEpochSecond(modified.getEpochSecond());
    }
}
