package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.agent.AgentResult;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.Stage;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.orchard.ops.wiring.ServeFixture.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real restore agent against the real server, in one JVM: a restore, an OS install and a thin
 * workflow run at the same time, each chosen by the sample policies from the agent's own plan request;
 * a Mac that policy says {@code none} to exits "no plan". The bytes land on the targets, every stage is
 * in the journal, and the run metrics count it.
 */
class AgentEndToEndIT {

    private static final String RESTORE_MAC = "02:00:0e:00:00:01";
    private static final String INSTALL_MAC = "02:00:0e:00:00:02";
    private static final String THIN_MAC = "02:00:0e:00:00:03";

    @TempDir
    Path dir;

    @Test
    void restoreInstallAndThinRunsEndToEnd() throws Exception {
        try (ServeFixture f = ServeFixture.start(dir.resolve("lab"))) {
            String server = f.server.httpUrl();
            CompletableFuture<AgentResult> restore = AgentRuns.run(f, RESTORE_MAC, "C02AGENT0001",
                    ServeFixture.RESTORE_MODEL, dir.resolve("restore.disk"), dir.resolve("work-restore"));
            CompletableFuture<AgentResult> install = AgentRuns.run(f, INSTALL_MAC, "C02AGENT0002",
                    ServeFixture.INSTALL_MODEL, dir.resolve("install.disk"), dir.resolve("work-install"));
            CompletableFuture<AgentResult> thin = AgentRuns.run(f, THIN_MAC, "C02AGENT0003",
                    ServeFixture.THIN_MODEL, dir.resolve("thin.disk"), dir.resolve("work-thin"));
            AgentResult none = AgentRuns.run(f, ServeFixture.BENCH_MAC, "C02AGENT0004", ServeFixture.RESTORE_MODEL,
                    dir.resolve("none.disk"), dir.resolve("work-none")).get(120, TimeUnit.SECONDS);
            assertThat(none.status()).as(none.summary()).isEqualTo(ExitStatus.NO_PLAN);
            // an agent with neither a netboot nor a code is not let in, whatever the policy says
            AgentResult stranger = AgentRuns.run(server, null, RESTORE_MAC.replace(":01", ":09"), "C02AGENT0009",
                    ServeFixture.RESTORE_MODEL, dir.resolve("stranger.disk"), dir.resolve("work-stranger"))
                    .get(120, TimeUnit.SECONDS);
            assertThat(stranger.status()).as(stranger.summary()).isEqualTo(ExitStatus.NOT_ADMITTED);
            assertThat(stranger.message()).contains("has not netbooted from this server");

            for (CompletableFuture<AgentResult> run : java.util.List.of(restore, install, thin)) {
                AgentResult r = run.get(180, TimeUnit.SECONDS);
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.eventsPending()).as(r.summary()).isZero();
            }
            // the bytes
            assertThat(Hashes.sha256(dir.resolve("restore.disk")))
                    .isEqualTo(Hashes.sha256(f.dir.resolve("images/lab-base.img")));
            assertThat(Files.readString(dir.resolve("work-thin/sandbox/computer-name")).strip())
                    .isEqualTo("laptop-C02AGENT0003");
            // the journal: every run ended with done:succeeded, the plan's identity recorded
            for (String mac : new String[] {RESTORE_MAC, INSTALL_MAC, THIN_MAC}) {
                MachineStatus m = f.server.journal().machine(MacAddress.parse(mac)).orElseThrow();
                assertThat(m.stage()).as(mac).isEqualTo(Stage.DONE);
                assertThat(m.result()).as(mac).isEqualTo(EventResult.SUCCEEDED);
                assertThat(m.lastByStage()).as(mac).containsKey(Stage.PLAN);
            }
            assertThat(f.server.journal().machine(MacAddress.parse(RESTORE_MAC)).orElseThrow().policy())
                    .isEqualTo("imacs-restore");
            JsonNode list = ServeFixture.JSON.readTree(f.get("/api/v1/machines", f.adminToken()).body()).get("machines");
            java.util.Set<String> listed = new java.util.HashSet<>();
            list.forEach(n -> listed.add(n.get("mac").asText()));
            assertThat(listed).contains(RESTORE_MAC, INSTALL_MAC, THIN_MAC);

            String m = f.metrics();
            for (String action : new String[] {"restore", "install", "thin"}) {
                assertThat(sample(m, "orchard_runs_finished_total{action=\"" + action + "\",result=\"succeeded\"}"))
                        .as(action).isEqualTo(1);
                assertThat(sample(m, "orchard_restores_active{action=\"" + action + "\"}")).as(action).isZero();
            }
            assertThat(sample(m, "orchard_restore_bytes_total")).isEqualTo(Files.size(f.dir.resolve("images/lab-base.img")));
            assertThat(sample(m, "orchard_stage_duration_seconds_count{result=\"succeeded\",stage=\"restore\"}")).isEqualTo(1);
            assertThat(sample(m, "orchard_stage_duration_seconds_count{result=\"succeeded\",stage=\"workflow\"}"))
                    .isGreaterThanOrEqualTo(3);
            assertThat(sample(m, "orchard_plans_total{action=\"none\"}")).isGreaterThanOrEqualTo(1);
            assertThat(sample(m, "orchard_http_sent_bytes_total{route=\"image\"}"))
                    .isGreaterThanOrEqualTo(Files.size(f.dir.resolve("images/lab-base.img")));
            assertThat(sample(m, "orchard_http_sent_bytes_total{route=\"payload\"}")).isPositive();
        }
    }
}
