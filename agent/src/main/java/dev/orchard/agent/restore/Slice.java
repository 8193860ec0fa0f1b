package dev.orchard.agent.restore;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run of image bytes in one pool buffer, on its way to the writer and the hasher. {@code verifiedChunks}
 * lists (ascending) the chunks that end inside this slice and whose sha256 matched; bytes of a chunk
 * that failed never count. {@code write} is false for chunks found intact on the target (hashed, not
 * rewritten). The buffer goes back to the pool when both consumers are done.
 */
final class Slice {

    static final Slice END = new Slice(-1, null, 0, false, new int[0], null);

    private final long position;
    private final ByteBuffer buffer;
    private final int length;
    private final boolean write;
    private final int[] verifiedChunks;
    private final BufferPool pool;
    private final AtomicInteger holders = new AtomicInteger(2);

    /** {@code buffer[0, length)} holds the bytes at image offset {@code position}. */
    Slice(long position, ByteBuffer buffer, int length, boolean write, int[] verifiedChunks, BufferPool pool) {
        this.position = position;
        this.buffer = buffer;
        this.length = length;
        this.write = write;
        this.verifiedChunks = verifiedChunks;
        this.pool = pool;
    }

    long position() {
        return position;
    }

    /** A fresh view of the bytes (position 0, limit = length). */
    ByteBuffer bytes() {
        return buffer.duplicate().position(0).limit(length);
    }

    int length() {
        return length;
    }

    boolean write() {
        return write;
    }

    int[] verifiedChunks() {
        return verifiedChunks;
    }

    /** Called once by each of the two consumers; the last one returns the buffer. */
    void release() {
        if (pool != null && holders.decrementAndGet() == 0) {
            pool.give(buffer);
        }
    }
}
