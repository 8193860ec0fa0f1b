package dev.orchard.agent.restore;

import java.time.Duration;

/**
 * Tuning of a block restore.
 *
 * @param maxBufferBytes largest write (1–4 MiB is where disks and page cache are fastest); buffers hold
 *                       whole chunks when chunks are smaller
 * @param buffers        buffers in flight between the network reader, the writer and the hasher
 * @param directIo       O_DIRECT writes (no page cache, durable when written) when the target allows
 * @param reuse          what a re-run trusts to skip fetching (always re-verified)
 * @param syncInterval   how often the target is forced and the progress journal saved
 */
public record RestoreOptions(int maxBufferBytes, int buffers, DirectIo directIo, Reuse reuse, Duration syncInterval) {

    /** O_DIRECT policy. */
    public enum DirectIo {
        /** O_DIRECT when the file system accepts it, buffered writes otherwise. */
        AUTO,
        /** O_DIRECT or fail. */
        ON,
        /** Buffered writes through the page cache, forced at sync points. */
        OFF
    }

    /** What a re-run looks at before fetching. */
    public enum Reuse {
        /** The journal when it matches the image; without one, a regular-file target is scanned. */
        AUTO,
        /** Only chunks the journal lists. */
        JOURNAL,
        /** Every chunk already within the target's size is hashed (a delta restore onto an older copy). */
        SCAN,
        /** Fetch everything. */
        NONE
    }

    public static final int ALIGNMENT = 4096;

    public RestoreOptions {
        if (maxBufferBytes < ALIGNMENT || maxBufferBytes % ALIGNMENT != 0) {
            throw new IllegalArgumentException("buffer size must be a multiple of " + ALIGNMENT + ", got " + maxBufferBytes);
        }
        if (buffers < 2) {
            throw new IllegalArgumentException("at least 2 buffers are needed, got " + buffers);
        }
    }

    /** 4 MiB writes, 6 buffers (24 MiB), O_DIRECT when possible, journal/scan reuse, sync every second. */
    public static RestoreOptions defaults() {
        return new RestoreOptions(4 << 20, 6, DirectIo.AUTO, Reuse.AUTO, Duration.ofSeconds(1));
    }

    /**
     * The buffer size for a manifest's chunk size: a whole number of chunks when chunks are at most
     * {@link #maxBufferBytes()} (so buffers end on chunk boundaries), else {@code maxBufferBytes}.
     */
    public int bufferBytesFor(long chunkSize) {
        if (chunkSize >= maxBufferBytes) {
            return maxBufferBytes;
        }
        return (int) (maxBufferBytes / chunkSize * chunkSize);
    }
}
