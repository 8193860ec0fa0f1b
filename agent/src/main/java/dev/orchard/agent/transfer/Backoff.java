package dev.orchard.agent.transfer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with ±20 % jitter, so a lab of Macs that lost the server at the same moment does
 * not come back in lock step.
 */
public record Backoff(Duration initial, Duration max) {

    /** The delay before retry number {@code attempt} (1 = first retry). */
    public Duration delay(int attempt) {
        double exponential = initial.toMillis() * Math.pow(2, Math.max(attempt - 1, 0));
        double capped = Math.min(exponential, max.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(capped * jitter)));
    }

    /** Sleeps for {@link #delay(int)}; an interrupt ends the sleep and is kept on the thread. */
    public void sleep(int attempt) throws InterruptedException {
        Thread.sleep(delay(attempt).toMillis());
    }
}
