package dev.orchard.ops.lab;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The text formats the lab reads: Prometheus exposition, the agent's event lines. */
class TextFormatsTest {

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

    @Test
    void agentEventLinesAreToldFromItsOtherConsoleLines() {
        assertThat(EventLine.key("plan succeeded: action restore, policy kiosks")).hasValue("plan succeeded");
        assertThat(EventLine.key("workflow script:hello succeeded: hello")).hasValue("workflow script:hello succeeded");
        assertThat(EventLine.key("workflow localize:localize started")).hasValue("workflow localize:localize started");
        assertThat(EventLine.key("restore progress 1048576/268435456 bytes: chunk 1")).hasValue("restore progress");
        assertThat(EventLine.key("done failed: no plan")).hasValue("done failed");
        assertThat(EventLine.key("plan: connection refused; retry 1/10 in 250 ms")).isEmpty();
        assertThat(EventLine.key("event 7 (restore) was refused by the server (403); dropped")).isEmpty();
    }
}
