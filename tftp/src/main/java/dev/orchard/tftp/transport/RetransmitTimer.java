package dev.orchard.tftp.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * A transfer's retransmission timer with exponential backoff (RFC 1123 §4.2.3.2). Lazy: one task stays
 * scheduled and is pushed forward by {@link #arm()} instead of being cancelled and rescheduled for every
 * window, which at thousands of windows per second would churn the scheduler. Used on one event loop only.
 */
public final class RetransmitTimer {

    private final EventExecutor loop;
    private final long firstNanos;
    private final long ceilingNanos;
    private final Runnable onExpiry;
    private long timeoutNanos;
    private long due;
    private ScheduledFuture<?> pending;
    private boolean stopped;

    public RetransmitTimer(EventExecutor loop, long firstNanos, long ceilingNanos, Runnable onExpiry) {
        this.loop = loop;
        this.firstNanos = firstNanos;
        this.ceilingNanos = Math.max(firstNanos, ceilingNanos);
        this.onExpiry = onExpiry;
        this.timeoutNanos = firstNanos;
    }

    /** Starts (or restarts) the countdown with the current timeout. */
    public void arm() {
        due = System.nanoTime() + timeoutNanos;
        if (pending == null && !stopped) {
            pending = loop.schedule(this::fire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The peer made progress: back to the first timeout. */
    public void reset() {
        timeoutNanos = firstNanos;
    }

    /** A timeout happened: double the next one, up to the ceiling. */
    public void backOff() {
        timeoutNanos = Math.min(timeoutNanos * 2, ceilingNanos);
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** No more expiries. */
    public void stop() {
        stopped = true;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void fire() {
        pending = null;
        if (stopped) {
            return;
        }
        long left = due - System.nanoTime();
        if (left > 0) {
            pending = loop.schedule(this::fire, left, TimeUnit.NANOSECONDS);
            return;
        }
        onExpiry.run();
    }
}
