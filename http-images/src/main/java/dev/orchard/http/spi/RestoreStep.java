package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * The block image to restore. URLs are relative to the server root ({@code /images/lab-base.img}).
 *
 * @param size      64-bit image size in bytes
 * @param chunkSize the manifest's chunk size
 * @param multicast the multicast stream to join first (docs/multicast.md); null: HTTP only
 */
public record RestoreStep(String image, String url, String manifest, long size, String sha256, long chunkSize,
                          RestoreMethod method,
                          @JsonInclude(JsonInclude.Include.NON_NULL) MulticastStep multicast) {

    /** A restore over HTTP only. */
    public RestoreStep(String image, String url, String manifest, long size, String sha256, long chunkSize,
                       RestoreMethod method) {
        this(image, url, manifest, size, sha256, chunkSize, method, null);
    }

    /** The same step with a multicast stream to join first. */
    public RestoreStep withMulticast(MulticastStep m) {
        return new RestoreStep(image, url, manifest, size, sha256, chunkSize, method, m);
    }

    public RestoreStep {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        if (size < 0 || chunkSize < 0) {
            throw new IllegalArgumentException("size and chunkSize must be >= 0");
        }
    }
}
