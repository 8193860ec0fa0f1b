package dev.orchard.agent.transfer;

/** Told how far a transfer got; called from the transferring thread. */
@FunctionalInterface
public interface TransferProgress {

    TransferProgress NONE = (done, total) -> { };

    /** @param total -1 when unknown */
    void bytes(long done, long total);

    /** Told before a retry, with what went wrong. */
    default void retrying(int attempt, int maxAttempts, java.io.IOException cause, java.time.Duration delay) {
    }

    /** Tells why bytes are fetched once more (a sha256 mismatch). */
    default void refetching(String why) {
    }
}
