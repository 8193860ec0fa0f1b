package dev.orchard.ops.metrics;

import dev.orchard.ops.reload.ReloadOutcome;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerOpsMetricsTest {

    @Test
    void everyCatalogueMeterIsRegisteredUpFrontAndRecords() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerOpsMetrics metrics = new MicrometerOpsMetrics(registry);
        Set<String> names = registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
        for (OrchardMeters m : OrchardMeters.values()) {
            assertThat(names).as("meter %s", m).contains(m.meterName());
        }
        // tags only from the catalogue's closed sets
        for (Meter m : registry.getMeters()) {
            OrchardMeters entry = java.util.Arrays.stream(OrchardMeters.values())
                    .filter(e -> e.meterName().equals(m.getId().getName())).findFirst().orElseThrow();
            assertThat(m.getId().getTags()).allSatisfy(t -> assertThat(entry.tagKeys()).contains(t.getKey()));
        }
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
    }

    @Test
    void prometheusNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new MicrometerOpsMetrics(registry).configReloaded(ReloadOutcome.APPLIED);
        assertThat(registry.scrape()).contains("orchard_config_reloads_total{result=\"applied\"} 1.0")
                .contains("orchard_journal_fsync_seconds_count");
    }
}
