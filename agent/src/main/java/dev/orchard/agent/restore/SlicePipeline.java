package dev.orchard.agent.restore;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Carries slices from the reading thread to two consumer threads: the writer (target, then ledger) and
 * the whole-image hasher. Queues are as long as the buffer pool, so submitting never blocks; the pool is
 * the backpressure. A consumer that fails keeps draining (and returning buffers) so the reader notices
 * the failure instead of waiting.
 */
final class SlicePipeline implements AutoCloseable {

    private final BlockingQueue<Slice> toWriter;
    private final BlockingQueue<Slice> toHasher;
    private final Thread writer;
    private final Thread hasher;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong bytesWritten = new AtomicLong();

    SlicePipeline(int capacity, TargetDisk target, ChunkLedger ledger, WholeImageHasher wholeImage, String name) {
        this.toWriter = new ArrayBlockingQueue<>(capacity + 1);
        this.toHasher = new ArrayBlockingQueue<>(capacity + 1);
        this.writer = new Thread(() -> consume(toWriter, slice -> {
            if (slice.write()) {
                target.write(slice.bytes(), slice.position());
                bytesWritten.addAndGet(slice.length());
            }
            ledger.markDone(slice.verifiedChunks());
        }), name + "-writer");
        this.hasher = new Thread(() -> consume(toHasher, wholeImage::accept), name + "-hasher");
        writer.setDaemon(true);
        hasher.setDaemon(true);
        writer.start();
        hasher.start();
    }

    private interface SliceWork {
        void accept(Slice slice) throws IOException;
    }

    private void consume(BlockingQueue<Slice> queue, SliceWork work) {
        while (true) {
            Slice slice;
            try {
                slice = queue.take();
            } catch (InterruptedException e) {
                failure.compareAndSet(null, e);
                return;
            }
            if (slice == Slice.END) {
                return;
            }
            try {
                if (failure.get() == null) {
                    work.accept(slice);
                }
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                slice.release();
            }
        }
    }

    /** Hands a slice to both consumers. */
    void submit(Slice slice) {
        toWriter.add(slice);
        toHasher.add(slice);
    }

    /** The first failure of a consumer, or null. */
    Throwable failure() {
        return failure.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    /** Waits until both consumers have processed everything submitted; returns the first failure or null. */
    Throwable drain() throws InterruptedException {
        toWriter.add(Slice.END);
        toHasher.add(Slice.END);
        writer.join();
        hasher.join();
        return failure.get();
    }

    @Override
    public void close() {
        if (writer.isAlive() || hasher.isAlive()) {
            toWriter.offer(Slice.END);
            toHasher.offer(Slice.END);
            try {
                writer.join(30_000);
                hasher.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
