package dev.orchard.agent;

import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.EventBody;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A 256 MiB block restore to a file through the whole agent, against Orchard's HTTP server. */
@Timeout(120)
class BlockRestoreIT {

    static final long SIZE = 256L << 20;
    static final String MAC = "00:1b:63:84:45:e6";

    @TempDir
    static Path shared;
    static Path image;
    static OrchardServer server;
    static ServedImage served;

    @BeforeAll
    static void serveImage() throws Exception {
        image = Hashes.randomFile(shared.resolve("lab-base.img"), SIZE, 42);
        server = new OrchardServer(4 << 20);
        served = server.addImage("lab-base.img", image, 4 << 20);
        server.plan(MAC, Plans.restore(MAC, served, "block"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void restoresTheImageToAFileAndReportsEveryStage(@TempDir Path work) throws Exception {
        server.resetCounters();
        Path target = work.resolve("disk.img");
        List<String> console = Agents.lines();
        int before = server.events().size();

        AgentResult result = Agent.run(Agents.generic(server.uri(), MAC, work).target(target.toString()).build(),
                Agents.collecting(console));

        assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
        assertThat(Hashes.sha256(target)).isEqualTo(served.sha256());
        assertThat(Files.size(target)).isEqualTo(SIZE);
        assertThat(result.bytesFetched()).isEqualTo(SIZE);
        assertThat(server.imageBytesServed()).isEqualTo(SIZE);
        assertThat(result.summary()).startsWith("orchard-agent result=ok exit=0 action=restore stage=done")
                .contains("fetched=" + SIZE).contains("events=delivered");
        List<String> trail = server.events().subList(before, server.events().size()).stream()
                .filter(e -> !e.result().equals("progress")).map(EventBody::label).collect(Collectors.toList());
        assertThat(trail).containsExactly("plan:succeeded", "erase:skipped", "restore:started", "restore:succeeded",
                "verify:started", "verify:succeeded", "bless:skipped", "reboot:skipped", "done:succeeded");
        assertThat(server.events().subList(before, server.events().size())).anySatisfy(e -> {
            assertThat(e.result()).isEqualTo("progress");
            assertThat(e.bytesDone()).isPositive();
            assertThat(e.bytesTotal()).isEqualTo(SIZE);
        });
    }
}
