package dev.orchard.agent;

import dev.orchard.agent.restore.RestoreOptions;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many agents in one JVM (as the simulated lab runs them): no shared state, one shared HTTP client. */
@Timeout(120)
class ManyAgentsIT {

    @Test
    void fortyAgentsRestoreConcurrentlyInOneJvm(@TempDir Path work) throws Exception {
        int agents = 40;
        Path image = Hashes.randomFile(work.resolve("lab.img"), 4L << 20, 31);
        HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        try (OrchardServer server = new OrchardServer(256 << 10)) {
            ServedImage served = server.addImage("lab.img", image, 256 << 10);
            List<Future<AgentResult>> results = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                String mac = String.format(Locale.ROOT, "00:1b:63:00:00:%02x", i);
                server.plan(mac, Plans.restore(mac, served, "block"));
                Path dir = work.resolve("mac-" + i);
                AgentOptions options = Agents.generic(server.uri(), mac, dir).target(dir.resolve("disk").toString())
                        .restore(new RestoreOptions(256 << 10, 2, RestoreOptions.DirectIo.AUTO, RestoreOptions.Reuse.AUTO,
                                Duration.ofMillis(500))).build();
                results.add(pool.submit(() -> Agent.run(options, Agents.collecting(Agents.lines()).withHttpClient(shared))));
            }
            for (int i = 0; i < agents; i++) {
                AgentResult r = results.get(i).get();
                assertThat(r.status()).as(r.summary()).isEqualTo(ExitStatus.OK);
                assertThat(Hashes.sha256(work.resolve("mac-" + i).resolve("disk"))).isEqualTo(served.sha256());
            }
            assertThat(server.events().stream().filter(e -> e.label().equals("done:succeeded")).count()).isEqualTo(agents);
        } finally {
            pool.shutdownNow();
        }
    }
}
