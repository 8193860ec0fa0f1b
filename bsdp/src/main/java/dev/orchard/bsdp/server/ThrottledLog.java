package dev.orchard.bsdp.server;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one line per interval for events a sender controls (malformed packets, truncated lists), so a
 * flood cannot turn the log into the bottleneck; the next line says how many were left out. Counters
 * still count every event.
 */
final class ThrottledLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    void info(String format, Object... args) {
        if (log.isInfoEnabled() && allow()) {
            log.info(withSuppressed(format), withCount(args));
        }
    }

    void warn(String format, Object... args) {
        if (log.isWarnEnabled() && allow()) {
            log.warn(withSuppressed(format), withCount(args));
        }
    }

    private boolean allow() {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    private static String withSuppressed(String format) {
        return format + " ({} similar lines suppressed)";
    }

    private Object[] withCount(Object[] args) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = suppressed.getAndSet(0);
        return all;
    }
}
