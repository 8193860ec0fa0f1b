package dev.orchard.http.files;

import io.netty.util.internal.PlatformDependent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Keeps {@code sendfile} from stalling an event loop on a page-cache miss.
 * <p>{@code sendfile} blocks its caller while the kernel reads missing pages from disk; on an event loop that
 * stalls every connection of that loop (nginx measured 1 → 9.5 Gbps by moving such reads to thread pools,
 * tftp-http reference §4.2). Before a chunk is handed to {@code sendfile}, a {@link Probe} asks the kernel
 * whether every page of it is cached ({@code mincore(2)}, through {@link MappedByteBuffer#isLoaded()} on a
 * read-only mapping of the response's window, see {@link Probe}: no page is touched, so the probe itself never
 * waits for the disk). A
 * non-resident chunk is first {@link #warm warmed} by a positional read on a worker thread; only then does
 * the event loop send it. Hot files (the usual case for a lab restoring the same image) cost one
 * {@code mincore} per chunk and no copy; cold files cost one extra read, on a thread that may block.
 * <p>A positional read (not {@code MappedByteBuffer.load()}) is used to warm because touching a mapping past
 * a concurrent truncation raises SIGBUS, while a read simply returns short.
 */
public final class PageCache {

    private PageCache() {
    }

    /**
     * Residency probes over one read-only mapping per window of a response (up to 1 GiB), so a chunk costs one
     * {@code mincore} instead of map + mincore + unmap. Not thread-safe: one per response, on its event loop.
     */
    public static final class Probe implements AutoCloseable {

        private static final long WINDOW = 1L << 30;
        private static final long PAGE = 4096;

        private final FileChannel channel;
        private MappedByteBuffer window;
        private long start;
        private long end;

        public Probe(FileChannel channel) {
            this.channel = channel;
        }

        /**
         * True when all pages of {@code [position, position+length)} are in memory; false when unsure.
         *
         * @param limit the end of the body part being sent (the window never maps beyond it)
         */
        public boolean resident(long position, int length, long limit) {
            if (length <= 0) {
                return true;
            }
            if (window == null || position < start || position + length > end) {
                close();
                long from = position & ~(PAGE - 1);
                long to = Math.max(position + length, Math.min(limit, from + WINDOW));
                try {
                    window = channel.map(FileChannel.MapMode.READ_ONLY, from, to - from);
                } catch (IOException | RuntimeException e) {
                    return false; // beyond the end (truncated) or unmappable: let a worker read it
                }
                start = from;
                end = to;
            }
            return window.slice((int) (position - start), length).isLoaded();
        }

        /** Unmaps now rather than at some later GC. */
        @Override
        public void close() {
            if (window != null) {
                PlatformDependent.freeDirectBuffer(window);
                window = null;
            }
        }
    }

    /**
     * Reads the range once so its pages enter the page cache. Blocks on disk: call on a worker thread.
     *
     * @param scratch a direct buffer reused by the calling thread (its content is meaningless)
     * @return the bytes read, which is less than {@code length} when the file is now shorter
     */
    public static long warm(FileChannel channel, long position, long length, ByteBuffer scratch) throws IOException {
        long done = 0;
        while (done < length) {
            scratch.clear();
            if (length - done < scratch.capacity()) {
                scratch.limit((int) (length - done));
            }
            int n = channel.read(scratch, position + done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done;
    }
}
