package dev.orchard.ops.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a recording so that it can never break the request it describes: a failure (a bug, a null from an
 * unexpected enum value) is logged once and then ignored.
 */
final class Guard {

    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private Guard() {
    }

    static void run(Runnable recording) {
        try {
            recording.run();
        } catch (RuntimeException e) {
            if (LOGGED.compareAndSet(false, true)) {
                LOG.warn("recording a metric failed (further failures are not logged)", e);
            }
        }
    }
}
