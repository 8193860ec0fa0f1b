package dev.orchard.agent.restore;

import java.io.IOException;
import java.time.Duration;

/** Told what a restore does, from the restoring thread; the agent turns it into events. */
public interface RestoreListener {

    RestoreListener NONE = new RestoreListener() { };

    /** Before the first byte: how much is there to do and how much a re-run may reuse. */
    default void started(long totalBytes, int chunks, int candidateChunks, String how) {
    }

    /** A chunk is verified (fetched, or found intact on the target); {@code bytesVerified} counts both. */
    default void chunkVerified(int index, long bytesVerified, long totalBytes) {
    }

    /** The connection failed; the restore resumes from {@code nextChunk} after {@code delay}. */
    default void retrying(int nextChunk, int attempt, int maxAttempts, IOException cause, Duration delay) {
    }

    /** A chunk's sha256 was wrong; it is fetched once more. */
    default void refetching(int chunk, String why) {
    }

    /** All chunks are in; the whole image's digest is checked now. */
    default void verifying() {
    }
}
