package dev.orchard.http.spi;

import java.util.Objects;

/** Whether the server is ready to take traffic, and why not. */
public record Readiness(boolean ready, String reason) {

    public static final Readiness READY = new Readiness(true, "ready");

    public Readiness {
        Objects.requireNonNull(reason, "reason");
    }

    /** A port that is always ready (standalone use). */
    public static ReadinessPort alwaysReady() {
        return () -> READY;
    }
}
