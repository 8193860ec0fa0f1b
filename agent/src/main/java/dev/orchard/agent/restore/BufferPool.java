package dev.orchard.agent.restore;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A fixed set of page-aligned direct buffers (O_DIRECT needs aligned memory); taking one blocks until
 * the writer and the hasher have given one back, which is the pipeline's backpressure.
 */
final class BufferPool {

    private final BlockingQueue<ByteBuffer> free;
    private final int bufferBytes;

    BufferPool(int count, int bufferBytes) {
        this.bufferBytes = bufferBytes;
        this.free = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            int rounded = (bufferBytes + RestoreOptions.ALIGNMENT - 1) / RestoreOptions.ALIGNMENT * RestoreOptions.ALIGNMENT;
            free.add(ByteBuffer.allocateDirect(rounded + RestoreOptions.ALIGNMENT).alignedSlice(RestoreOptions.ALIGNMENT));
        }
    }

    int bufferBytes() {
        return bufferBytes;
    }

    /**
     * A cleared buffer; waits for one, checking {@code abandoned} so a reader never waits forever on a
     * pipeline that died.
     */
    ByteBuffer take(BooleanSupplier abandoned) throws InterruptedException {
        while (true) {
            ByteBuffer b = free.poll(100, TimeUnit.MILLISECONDS);
            if (b != null) {
                b.clear().limit(bufferBytes);
                return b;
            }
            if (abandoned.getAsBoolean()) {
                throw new IllegalStateException("the restore pipeline stopped");
            }
        }
    }

    void give(ByteBuffer buffer) {
        free.add(buffer);
    }
}
