package dev.orchard.ops.spi;

/**
 * The metrics port of the ops core (configuration reloads and the journal), in domain verbs with no
 * Micrometer types, so the core runs and is tested without a registry. {@code metrics.MicrometerOpsMetrics}
 * is the production implementation; {@link #NOOP} the default.
 */
public interface OpsMetrics {

    /** A reload attempt ended (file change, API call or SIGHUP). */
    void configReloaded(ReloadOutcome outcome);

    /** One group commit: {@code records} made durable by one fsync that took {@code fsyncNanos}. */
    void journalCommitted(int records, long fsyncNanos);

    /** A retried event was acknowledged without being stored again. */
    void journalDuplicate();

    /** At start, a torn or damaged tail of {@code bytes} was cut off the journal. */
    void journalTailDiscarded(long bytes);

    /** Sealed segments were compacted. */
    void journalCompacted();

    OpsMetrics NOOP = new OpsMetrics() {
        @Override
        public void configReloaded(ReloadOutcome outcome) {
        }

        @Override
        public void journalCommitted(int records, long fsyncNanos) {
        }

        @Override
        public void journalDuplicate() {
        }

        @Override
        public void journalTailDiscarded(long bytes) {
        }

        @Override
        public void journalCompacted() {
        }
    };
}
