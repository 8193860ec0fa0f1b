package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.agent.AgentResult;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.orchard.ops.wiring.ServeFixture.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard {@code ops/dashboards/orchard.json} is built on meters that exist: after a simulated
 * run through a real server (BSDP LIST/SELECT, TFTP booter, HTTP root and block image, the real agent
 * restoring one Mac and failing an install on another, a thin run still in progress, a 404 plan, a good
 * and a broken reload), every metric any panel, variable or annotation queries is in the {@code /metrics} scrape,
 * and the panels that matter show non-zero values.
 */
class DashboardIT {

    private static final Path DASHBOARD = Path.of("dashboards", "orchard.json");
    private static final Pattern METRIC = Pattern.compile("\\borchard_[a-z0-9_]+");

    @TempDir
    Path dir;

    @Test
    void everyQueriedMetricExistsAfterASimulatedRun() throws Exception {
        JsonNode dashboard = ServeFixture.JSON.readTree(Files.readString(DASHBOARD));
        List<String> expressions = expressions(dashboard);
        assertThat(expressions).hasSizeGreaterThan(20);
        Set<String> queried = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                queried.add(m.group());
            }
        }
        String scrape;
        try (ServeFixture f = ServeFixture.start(dir.resolve("lab"))) {
            simulatedRun(f, dir.resolve("agents"));
            scrape = f.metrics();
        }
        for (String metric : queried) {
            assertThat(scrape).as("dashboard metric %s in the scrape", metric)
                    .containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]");
        }
        assertThat(sample(scrape, "orchard_bsdp_replies_total{type=\"ack_select\"}")).isPositive();
        assertThat(sample(scrape, "orchard_tftp_sent_bytes_total")).isPositive();
        assertThat(sample(scrape, "orchard_http_sent_bytes_total{route=\"nbi\"}")).isPositive();
        assertThat(sample(scrape, "orchard_http_sent_bytes_total{route=\"image\"}")).isPositive();
        assertThat(sample(scrape, "orchard_restores_active{action=\"thin\"}")).isEqualTo(1);
        assertThat(sample(scrape, "orchard_restore_bytes_total")).isPositive();
        assertThat(scrape).containsPattern("orchard_failures_total\\{reason=\"reported\",stage=\"[a-z]+\"} 1\\.0");
        assertThat(sample(scrape, "orchard_runs_finished_total{action=\"install\",result=\"failed\"}")).isEqualTo(1);
        assertThat(sample(scrape, "orchard_config_reloads_total{result=\"rejected\"}")).isPositive();
        assertThat(scrape).containsPattern("orchard_stage_duration_seconds_bucket\\{result=\"succeeded\",stage=\"restore\","
                + "le=\"60\\.0\"} [1-9]");
        System.out.println("dashboard: " + expressions.size() + " queries over " + queried.size() + " metrics: " + queried);
    }

    /** Every PromQL expression: panel targets, template variable queries, annotations. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.has("title")).isTrue();
            assertThat(panel.has("gridPos")).as(panel.get("title").asText()).isTrue();
            for (JsonNode t : panel.path("targets")) {
                assertThat(t.get("refId").asText()).isNotEmpty();
                out.add(t.get("expr").asText());
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("query").has("query")) {
                out.add(v.get("query").get("query").asText());
            }
        }
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            if (a.has("expr")) {
                out.add(a.get("expr").asText());
            }
        }
        return out;
    }

    private static void simulatedRun(ServeFixture f, Path work) throws Exception {
        SelectAck ack;
        try (BsdpClient bsdp = f.bsdpClient(Duration.ofSeconds(5), 5)) {
            ack = bsdp.boot(ServeFixture.mac("02:00:0d:00:00:01", ServeFixture.RESTORE_MODEL)).get(60, TimeUnit.SECONDS);
        }
        try (TftpClient tftp = new TftpClient()) {
            tftp.fetchAndWait(FetchRequest.of(f.server.tftpAddress(), ack.bootFile(), TransferSink.discard()), 30,
                    TimeUnit.SECONDS);
        }
        f.http.send(HttpRequest.newBuilder(URI.create(ack.rootPath().orElseThrow())).build(),
                HttpResponse.BodyHandlers.discarding());

        HttpResponse<Void> image = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/images/lab-base.img")))
                .header("Range", "bytes=0-1048575").build(), HttpResponse.BodyHandlers.discarding());
        assertThat(image.statusCode()).isEqualTo(206);
        // the real agent: a restore that succeeds, and an install onto a target it cannot write (a folder)
        AgentResult restored = AgentRuns.run(f, "02:00:0d:00:00:01", "C02DASH00001",
                ServeFixture.RESTORE_MODEL, work.resolve("restore.disk"), work.resolve("restore")).get(180, TimeUnit.SECONDS);
        assertThat(restored.ok()).as(restored.summary()).isTrue();
        AgentResult failed = AgentRuns.run(f, "02:00:0d:00:00:03", "C02DASH00003",
                ServeFixture.INSTALL_MODEL, Files.createDirectories(work.resolve("a-folder")), work.resolve("install"))
                .get(180, TimeUnit.SECONDS);
        assertThat(failed.ok()).as(failed.summary()).isFalse();
        assertThat(failed.eventsPending()).as(failed.summary()).isZero();
        // a run still going: its plan and first events, no done yet
        JsonNode thin = f.plan("02:00:0d:00:00:02", "C02DASH00002", ServeFixture.THIN_MODEL);
        for (String[] e : new String[][] {{"plan", "succeeded"}, {"workflow", "started"}}) {
            assertThat(f.post(thin.get("events").asText(), thin.get("token").asText(),
                    ServeFixture.event(e[0].equals("plan") ? 0 : 1, null, e[0], e[1], null, null)).statusCode())
                    .isEqualTo(202);
        }
        assertThat(f.planResponse(ServeFixture.BENCH_MAC, "").statusCode()).isEqualTo(404);

        Path policies = f.dir.resolve("conf.d/policies.yaml");
        String good = Files.readString(policies);
        Files.writeString(policies, good + "  - name: broken\n    action: nonsense\n");
        assertThat(f.post("/api/v1/admin/reload", f.adminToken(), "").statusCode()).isEqualTo(422);
        Files.writeString(policies, good);
        assertThat(f.post("/api/v1/admin/reload", f.adminToken(), "").statusCode()).isEqualTo(200);
    }
}
