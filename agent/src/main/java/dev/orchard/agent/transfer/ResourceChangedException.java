package dev.orchard.agent.transfer;

import java.io.IOException;

/**
 * The resource on the server is not the one being resumed: {@code If-Range} failed (a new ETag), or it
 * is shorter than announced. Resuming would mix two versions, so this is never retried.
 */
public class ResourceChangedException extends IOException {

    public ResourceChangedException(String message) {
        super(message);
    }
}
