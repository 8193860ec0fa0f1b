package dev.orchard.http.spi;

/** Answers {@code /readyz}; called on the API worker pool. */
@FunctionalInterface
public interface ReadinessPort {
    Readiness readiness();
}
