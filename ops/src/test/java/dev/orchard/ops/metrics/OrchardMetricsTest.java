package dev.orchard.ops.metrics;

import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.RouteClass;
import dev.orchard.http.spi.StatusClass;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.metrics.OrchardMeters.FailureReason;
import dev.orchard.ops.metrics.OrchardMeters.RunAction;
import dev.orchard.ops.metrics.OrchardMeters.RunResult;
import dev.orchard.ops.metrics.OrchardMeters.StageResult;
import dev.orchard.tftp.spi.PacketRejection;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.TransferFailure;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class OrchardMetricsTest {

    private final OrchardMetrics metrics = new OrchardMetrics();
    private final MeterRegistry registry = metrics.registry();

    @Test
    void everyCatalogueMeterIsRegisteredWithEveryTagCombinationAndNothingElse() {
        for (OrchardMeters m : OrchardMeters.values()) {
            List<Meter> registered = registry.find(m.meterName()).meters().stream().toList();
            long combinations = m.tags().values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
            assertThat(registered).as("%s", m).hasSize((int) combinations);
            for (Meter meter : registered) {
                for (Tag t : meter.getId().getTags()) {
                    assertThat(m.tags()).as("%s tag %s", m, t.getKey()).containsKey(t.getKey());
                    assertThat(m.tags().get(t.getKey())).contains(t.getValue());
                }
                assertThat(meter.getId().getType().name().replace("LONG_TASK_", "")).as("%s", m)
                        .isEqualTo(m.type().name());
            }
        }
        // no meter outside the catalogue (Micrometer's own meters would have other prefixes)
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(Arrays.stream(OrchardMeters.values())
                .anyMatch(m -> m.meterName().equals(meter.getId().getName()))).as(meter.getId().getName()).isTrue());
    }

    @Test
    void noTagCarriesAnAddressOrAMac() {
        for (Meter meter : registry.getMeters()) {
            for (Tag t : meter.getId().getTags()) {
                assertThat(t.getValue()).doesNotMatch(".*\\d+\\.\\d+\\.\\d+\\.\\d+.*")
                        .doesNotMatch(".*[0-9a-f]{2}:[0-9a-f]{2}:.*");
            }
        }
    }

    @Test
    void eachPortRecordsIntoItsMeters() {
        metrics.bsdp().requestReceived(BsdpMetrics.RequestType.LIST);
        metrics.bsdp().replySent(BsdpMetrics.ReplyType.ACK_SELECT);
        metrics.bsdp().requestDropped(DropReason.NOT_BSDP);
        metrics.bsdp().policyAnswered(1_000_000);
        metrics.tftp().transferStarted();
        metrics.tftp().bytesSent(1468);
        metrics.tftp().transferCompleted(1468, Duration.ofMillis(5));
        metrics.tftp().transferStarted();
        metrics.tftp().transferFailed(TransferFailure.TIMED_OUT);
        metrics.tftp().requestRefused(RefusalReason.NOT_FOUND);
        metrics.tftp().retransmitted(3);
        metrics.tftp().packetRejected(PacketRejection.STRAY_TID);
        metrics.http().connectionOpened();
        metrics.http().requestCompleted(RouteClass.IMAGE, StatusClass.SUCCESS);
        metrics.http().bytesSent(RouteClass.IMAGE, 4096);
        metrics.http().requestRejected(RejectReason.FORBIDDEN);
        metrics.runs().planServed(RunAction.RESTORE);
        metrics.runs().runStarted(RunAction.RESTORE);
        metrics.runs().eventStored(Stage.RESTORE, EventResult.PROGRESS);
        metrics.runs().restored(1 << 20);
        metrics.runs().stageTimed(Stage.RESTORE, StageResult.SUCCEEDED, Duration.ofSeconds(40));
        metrics.runs().failed(Stage.WORKFLOW, FailureReason.STEP);

        String s = metrics.scrape();
        assertThat(s).contains("orchard_bsdp_requests_total{type=\"list\"} 1.0")
                .contains("orchard_bsdp_replies_total{type=\"ack_select\"} 1.0")
                .contains("orchard_bsdp_dropped_total{reason=\"not_bsdp\"} 1.0")
                .contains("orchard_tftp_transfers_total{result=\"completed\"} 1.0")
                .contains("orchard_tftp_transfers_total{result=\"failed\"} 1.0")
                .contains("orchard_tftp_transfers_active 0.0")
                .contains("orchard_tftp_failures_total{reason=\"timed_out\"} 1.0")
                .contains("orchard_tftp_sent_bytes_total 1468.0")
                .contains("orchard_tftp_retransmits_packets_total 3.0")
                .contains("orchard_http_requests_total{route=\"image\",status=\"success\"} 1.0")
                .contains("orchard_http_sent_bytes_total{route=\"image\"} 4096.0")
                .contains("orchard_http_connections_active 1.0")
                .contains("orchard_plans_total{action=\"restore\"} 1.0")
                .contains("orchard_restores_active{action=\"restore\"} 1.0")
                .contains("orchard_restore_bytes_total 1048576.0")
                .contains("orchard_failures_total{reason=\"step\",stage=\"workflow\"} 1.0")
                .contains("orchard_stage_duration_seconds_bucket{result=\"succeeded\",stage=\"restore\",le=\"60.0\"} 1");
        metrics.runs().runFinished(RunAction.RESTORE, RunResult.SUCCEEDED);
        assertThat(metrics.scrape()).contains("orchard_restores_active{action=\"restore\"} 0.0")
                .contains("orchard_runs_finished_total{action=\"restore\",result=\"succeeded\"} 1.0");
    }

    @Test
    void aMetricsFailureNeverReachesTheCaller() {
        // a null tag value cannot be looked up: the guard swallows it
        assertThatCode(() -> {
            metrics.bsdp().requestReceived(null);
            metrics.tftp().requestRefused(null);
            metrics.http().requestCompleted(null, StatusClass.SUCCESS);
            metrics.runs().failed(null, FailureReason.REPORTED);
        }).doesNotThrowAnyException();
    }

    @Test
    void catalogueTagSetsAreTheClosedEnums() {
        Map<String, List<String>> tags = OrchardMeters.HTTP_REQUESTS.tags();
        assertThat(tags.get("route")).hasSize(RouteClass.values().length).contains("agent_api");
        assertThat(OrchardMeters.BSDP_DROPPED.tags().get("reason")).hasSize(DropReason.values().length);
        assertThat(OrchardMeters.PLANS.tags().get("action")).containsExactly("restore", "install", "thin", "none");
    }
}
