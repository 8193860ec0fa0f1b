package dev.orchard.http.spi;

import java.util.Objects;

/**
 * The block image to restore. URLs are relative to the server root ({@code /images/lab-base.img}).
 *
 * @param size      64-bit image size in bytes
 * @param chunkSize the manifest's chunk size
 */
public record RestoreStep(String image, String url, String manifest, long size, String sha256, long chunkSize,
                          RestoreMethod method) {
    public RestoreStep {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        if (size < 0 || chunkSize < 0) {
            throw new IllegalArgumentException("size and chunkSize must be >= 0");
        }
    }
}
