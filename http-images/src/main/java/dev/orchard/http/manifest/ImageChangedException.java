package dev.orchard.http.manifest;

import java.io.IOException;

/** The image changed (size, time or inode) while it was being hashed; the manifest would be wrong. */
public final class ImageChangedException extends IOException {
    public ImageChangedException(String message) {
        super(message);
    }
}
