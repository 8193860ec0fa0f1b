package dev.orchard.http.multicast;

import java.util.function.LongSupplier;

/**
 * Paces a sender to a byte rate: tokens accrue at {@code rate} bytes per second up to {@code burst}; taking
 * more than there are waits until they have accrued. The burst is small (a few datagrams), so a switch port
 * or the tbf/htb shaper in front of the lab never sees more than the configured rate for long (RFC 2697's
 * single-rate bucket, without colours). One thread takes; any thread may change the rate ({@link #rate}), which
 * the sharing of the sender's total and its AIMD control do ({@link SenderRate}).
 */
final class TokenBucket {

    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private volatile double bytesPerNano;
    private final long burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    TokenBucket(long bytesPerSecond, long burst, LongSupplier nanoClock, Sleeper sleeper) {
        if (bytesPerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be > 0");
        }
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.burst = burst;
        this.clock = nanoClock;
        this.sleeper = sleeper;
        this.last = nanoClock.getAsLong();
        this.tokens = burst;
    }

    static TokenBucket realTime(long bytesPerSecond, long burst) {
        return new TokenBucket(bytesPerSecond, burst, System::nanoTime, nanos -> {
            long until = System.nanoTime() + nanos;
            // parkNanos may return early; loop, and sleep in ≥ 50 µs steps so pacing costs little CPU
            for (long left = nanos; left > 0; left = until - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.max(left, 50_000));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        });
    }

    /** From now on, tokens accrue at {@code bytesPerSecond}; a wait under way ends at its old pace. */
    void rate(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be > 0");
        }
        this.bytesPerNano = bytesPerSecond / 1e9;
    }

    long rate() {
        return Math.round(bytesPerNano * 1e9);
    }

    /** Takes {@code bytes} tokens, waiting as long as needed. */
    void take(int bytes) throws InterruptedException {
        refill();
        tokens -= bytes;
        if (tokens < 0) {
            sleeper.sleepNanos((long) Math.ceil(-tokens / bytesPerNano));
            refill();
        }
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * bytesPerNano);
        last = now;
    }
}
