package dev.orchard.http.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that may block: path lookups and opens, cold-page warming, TLS file reads, and every port
 * call. Event loops hand work here and get the result back with {@code eventLoop.execute}.
 */
final class IoWorkers implements AutoCloseable {

    private static final int SCRATCH_BYTES = 256 * 1024;

    private final ExecutorService executor;
    private final ThreadLocal<ByteBuffer> scratch = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH_BYTES));

    IoWorkers(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
    }

    ExecutorService executor() {
        return executor;
    }

    /** A direct buffer owned by the calling worker thread, for reads whose bytes are thrown away. */
    ByteBuffer scratch() {
        return scratch.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
