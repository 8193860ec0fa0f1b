package dev.orchard.agent.restore;

/** Running totals of one restore, kept by the reading thread. */
final class RestoreCounters {
    long bytesVerified;
    long bytesFetched;
    long bytesReused;
    int requests;
    int retries;
}
