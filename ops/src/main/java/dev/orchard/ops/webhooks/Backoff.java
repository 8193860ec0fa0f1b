package dev.orchard.ops.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between attempts: exponential (the first retry after {@code first}, each next one twice as long, at
 * most {@code max}) with "equal jitter" (half the delay fixed, half random), as in AWS's "Exponential Backoff
 * And Jitter" (2015): receivers that went down together do not see every Orchard retry at the same instant, and
 * a retry never comes sooner than half its step.
 */
record Backoff(Duration first, Duration max) {

    /** The delay before attempt {@code failures + 1}, after {@code failures} (≥ 1) failed ones. */
    Duration after(int failures) {
        long cap = max.toMillis();
        long step = first.toMillis();
        for (int i = 1; i < failures && step < cap; i++) {
            step *= 2;
        }
        step = Math.min(step, cap);
        long half = step / 2;
        return Duration.ofMillis(step - half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
