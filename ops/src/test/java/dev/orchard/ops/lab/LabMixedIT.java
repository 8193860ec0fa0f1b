package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.wiring.OrchardServer;
import dev.orchard.testkit.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mixed lab against a real {@code orchard serve} (in-process, loopback, HTTPS for the agent's ManifestURL): twelve
 * Intel Macs that NetBoot and eight Apple silicon Macs whose policy is {@code erase}, driven through the NanoMDM
 * simulator the lab starts where {@code mdm.url} points, with one MDM fault of each kind — a lost webhook (the
 * EraseDevice acknowledgement), a Mac whose webhooks all arrive twice, a Mac that never comes back, and the MDM's
 * API down for 4 s when the erase is asked for. Every Mac reaches the end state the lab expects of it; for the
 * modern Macs the lab's own check covers each MDM command queued exactly once, one wipe, the workflow's results and
 * the server's erase flow at {@code done} (the never-back Mac: {@code timed-out (never-came-back)}, its expected end).
 */
@ExtendWith(LeakCheckExtension.class)
class LabMixedIT {

    @TempDir
    Path dir;

    @Test
    void twelveIntelAndEightModernMacsWithOneMdmFaultOfEachKindAllReachTheirEndState() throws Exception {
        LabFixture fixture = LabFixture.writeMixed(dir.resolve("setup"), 2 << 20, LabFixture.freeLoopbackPort());
        WarpClock clock = new WarpClock();
        LabReport report;
        String metrics;
        long started = System.nanoTime();
        try (OrchardServer server = OrchardServer.start(fixture.serveOptions().withClock(clock))) {
            ConfigSnapshot snapshot = server.holder().current();
            LabSettings settings = LabSettings.defaults(20, dir.resolve("work")).withConcurrency(8)
                    .withMdmChaos(new MdmChaos(1, 1, 1, Duration.ofSeconds(4)));
            LabEndpoints endpoints = new LabEndpoints(server.bsdpAddress(), new InetSocketAddress("0.0.0.0", 0),
                    server.tftpAddress().getPort(), URI.create(server.httpUrl()), true);
            StringWriter progress = new StringWriter();
            report = dev.orchard.ops.cli.LabCommand.run(snapshot, settings, endpoints, ProgressDisplay.Mode.PLAIN,
                    new PrintWriter(progress), LabFixture.ADMIN_TOKEN, clock);
            metrics = get(server.httpUrl() + "/metrics");
        }
        LabSummary s = report.summary();
        assertThat(s.failures()).as("failures").isEmpty();
        assertThat(s.succeeded()).isEqualTo(20);
        assertThat(s.expected()).as("a mix of every action").containsKeys(Action.values());
        assertThat(s.expected().get(Action.ERASE)).as("modern Macs").isEqualTo(8);

        List<MacResult> modern = report.results().stream().filter(r -> r.expected().action() == Action.ERASE).toList();
        assertThat(modern).extracting(r -> r.expected().mdmFault()).containsExactly(MdmFault.NEVER_BACK,
                MdmFault.LOST_WEBHOOK, MdmFault.DUPLICATED_WEBHOOK, MdmFault.NONE, MdmFault.NONE, MdmFault.NONE,
                MdmFault.NONE, MdmFault.NONE);
        assertThat(modern.get(0).expected().endState()).isEqualTo("erase timed-out (never-came-back)");
        assertThat(modern).allSatisfy(r -> assertThat(Population.MODERN_MODELS).contains(r.machine().model()));
        assertThat(modern.subList(1, 8)).as("Apple silicon and T2 Macs both through the whole flow")
                .anyMatch(r -> Population.appleSilicon(r.machine().model()))
                .anyMatch(r -> !Population.appleSilicon(r.machine().model()));
        assertThat(modern.subList(1, 8)).allSatisfy(r -> {
            assertThat(r.agent()).as("%s ran the agent", r.machine().label()).isNotNull();
            assertThat(r.events()).anyMatch(l -> l.startsWith("workflow package:tools succeeded"));
            assertThat(r.durations()).containsKeys(Stage.ERASE, Stage.PLAN, Stage.THIN, Stage.CHECK)
                    .doesNotContainKey(Stage.BSDP);
        });

        Prometheus p = new Prometheus(metrics);
        assertThat(p.sum("orchard_erase_requested_total", Map.of())).as("erases asked for").isEqualTo(8.0);
        // each step counted once per Mac, whatever the webhook lost or repeated: the lost acknowledgement is made up
        // for by the check-in, the duplicated one is not counted twice
        assertThat(p.sum("orchard_erase_sent_total", Map.of())).as("EraseDevice taken by the MDM").isEqualTo(8.0);
        assertThat(p.sum("orchard_erase_acknowledged_total", Map.of())).as("erases acknowledged").isEqualTo(8.0);
        assertThat(p.sum("orchard_erase_reenrolled_total", Map.of())).as("Macs back after the erase").isEqualTo(7.0);
        assertThat(p.sum("orchard_erase_done_total", Map.of())).as("flows done").isEqualTo(7.0);
        assertThat(p.sum("orchard_erase_failed_total", Map.of("reason", "never_came_back"))).isEqualTo(1.0);
        assertThat(p.sum("orchard_erase_failed_total", Map.of())).as("no other flow ended badly").isEqualTo(1.0);
        assertThat(p.sum("orchard_erase_command_retries_total", Map.of()))
                .as("the MDM was down when the erase was asked for: the first commands were retried").isPositive();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("wall time").isLessThan(Duration.ofSeconds(60));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
