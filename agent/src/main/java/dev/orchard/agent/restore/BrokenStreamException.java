package dev.orchard.agent.restore;

import java.io.IOException;

/** Reading stopped before the run's end; {@link #nextChunk()} is the first chunk not verified. */
final class BrokenStreamException extends Exception {

    private final int nextChunk;

    BrokenStreamException(int nextChunk, IOException cause) {
        super(cause.getMessage(), cause);
        this.nextChunk = nextChunk;
    }

    int nextChunk() {
        return nextChunk;
    }

    IOException io() {
        return (IOException) getCause();
    }
}
