package dev.orchard.ops.lab;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTest {

    @Test
    void sumsSamplesByLabelSubset() {
        Prometheus p = new Prometheus("""
                # HELP orchard_plans_total Plans served
                # TYPE orchard_plans_total counter
                orchard_plans_total{action="restore",} 7.0
                orchard_plans_total{action="none",} 3.0
                orchard_events_total{result="succeeded",stage="plan"} 10
                orchard_events_total{result="failed",stage="plan"} 1
                orchard_tftp_sent_bytes_total 1.5E7
                """);
        assertThat(p.sum("orchard_plans_total", Map.of("action", "restore"))).isEqualTo(7.0);
        assertThat(p.sum("orchard_plans_total", Map.of())).isEqualTo(10.0);
        assertThat(p.sum("orchard_events_total", Map.of("stage", "plan"))).isEqualTo(11.0);
        assertThat(p.sum("orchard_tftp_sent_bytes_total", Map.of())).isEqualTo(1.5e7);
        assertThat(p.has("orchard_missing")).isFalse();
    }
}
