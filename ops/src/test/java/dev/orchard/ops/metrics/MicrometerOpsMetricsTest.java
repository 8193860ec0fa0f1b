package dev.orchard.ops.metrics;

import dev.orchard.ops.spi.ReloadOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerOpsMetricsTest {

    @Test
    void reloadsAndJournalAreRegisteredUpFrontAndRecord() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerOpsMetrics metrics = new MicrometerOpsMetrics(registry);
        assertThat(registry.get("orchard.config.reloads").tag("result", "unchanged").counter().count()).isZero();
        metrics.configReloaded(ReloadOutcome.REJECTED);
        metrics.journalCommitted(5, 1_000_000);
        metrics.journalDuplicate();
        metrics.journalTailDiscarded(17);
        metrics.journalCompacted();
        assertThat(registry.get("orchard.config.reloads").tag("result", "rejected").counter().count()).isEqualTo(1);
        assertThat(registry.get("orchard.config.reloads").tag("result", "applied").counter().count()).isZero();
        assertThat(registry.get("orchard.journal.records").counter().count()).isEqualTo(5);
        assertThat(registry.get("orchard.journal.fsync").timer().count()).isEqualTo(1);
        assertThat(registry.get("orchard.journal.discarded").counter().count()).isEqualTo(17);
        assertThat(registry.get("orchard.journal.compactions").counter().count()).isEqualTo(1);
    }

    @Test
    void prometheusNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MicrometerOpsMetrics(registry).configReloaded(ReloadOutcome.APPLIED);
        assertThat(registry.scrape()).contains("orchard_config_reloads_total{result=\"applied\"} 1.0")
                .contains("orchard_journal_fsync_seconds_count");
    }
}
