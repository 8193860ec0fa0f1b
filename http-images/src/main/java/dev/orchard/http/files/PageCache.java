package dev.orchard.http.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Keeps {@code sendfile} from stalling an event loop on a page-cache miss.
 * <p>{@code sendfile} blocks its caller while the kernel reads missing pages from disk; on an event loop that
 * stalls every connection of that loop (nginx measured 1 → 9.5 Gbps by moving such reads to thread pools,
 * tftp-http reference §4.2). Before a chunk is handed to {@code sendfile}, the server asks the kernel
 * whether every page of it is cached ({@code mincore(2)} through {@code MappedByteBuffer.isLoaded()} on
 * read-only mappings that are never touched, see {@link OpenedFile#resident}: the probe itself never waits for
 * the disk). A
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
