package dev.orchard.bsdp.client;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exchange latencies in 10 µs buckets up to one second (larger values land in the last bucket): enough
 * resolution for p50/p99 of a LAN protocol, fixed memory, lock-free recording from any thread.
 */
public final class LatencyHistogram {

    private static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 100_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        counts.incrementAndGet((int) Math.min(BUCKETS - 1, Math.max(0, nanos / BUCKET_NANOS)));
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The latency at quantile {@code q} (0..1) in milliseconds, upper edge of its bucket; 0 when empty. */
    public double quantileMillis(double q) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return BUCKETS * BUCKET_NANOS / 1e6;
    }
}
