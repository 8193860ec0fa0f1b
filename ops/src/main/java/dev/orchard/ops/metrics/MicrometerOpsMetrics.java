package dev.orchard.ops.metrics;

import dev.orchard.ops.spi.OpsMetrics;
import dev.orchard.ops.spi.ReloadOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link OpsMetrics} on a Micrometer registry. Every meter is registered once, here, from the
 * {@link OrchardMeters} catalogue (every tag value pre-registered, so series exist at zero from the
 * start and the hot path does no lookups). Recording never throws into the caller.
 */
public final class MicrometerOpsMetrics implements OpsMetrics {

    private final Map<ReloadOutcome, Counter> reloads = new EnumMap<>(ReloadOutcome.class);
    private final Counter records;
    private final Timer fsync;
    private final Counter duplicates;
    private final Counter discarded;
    private final Counter compactions;

    public MicrometerOpsMetrics(MeterRegistry registry) {
        for (ReloadOutcome o : ReloadOutcome.values()) {
            reloads.put(o, OrchardMeters.CONFIG_RELOADS.counter(registry, "result", o.tag()));
        }
        records = OrchardMeters.JOURNAL_RECORDS.counter(registry);
        fsync = OrchardMeters.JOURNAL_FSYNC.timer(registry);
        duplicates = OrchardMeters.JOURNAL_DUPLICATES.counter(registry);
        discarded = OrchardMeters.JOURNAL_DISCARDED.counter(registry);
        compactions = OrchardMeters.JOURNAL_COMPACTIONS.counter(registry);
    }

    @Override
    public void configReloaded(ReloadOutcome outcome) {
        reloads.get(outcome).increment();
    }

    @Override
    public void journalCommitted(int count, long fsyncNanos) {
        records.increment(count);
        fsync.record(fsyncNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void journalDuplicate() {
        duplicates.increment();
    }

    @Override
    public void journalTailDiscarded(long bytes) {
        discarded.increment(bytes);
    }

    @Override
    public void journalCompacted() {
        compactions.increment();
    }
}
