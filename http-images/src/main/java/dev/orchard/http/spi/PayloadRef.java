package dev.orchard.http.spi;

import java.util.Objects;

/** A file the agent downloads: a server-relative URL, its sha256 and its size. */
public record PayloadRef(String url, String sha256, long size) {
    public PayloadRef {
        Objects.requireNonNull(url, "url");
    }
}
