package dev.orchard.agent;

import dev.orchard.agent.restore.RestoreOptions;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.CuttingProxy;
import dev.orchard.agent.testing.ImageServer;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.RangeRequest;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.agent.transfer.JdkRangeSource;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Block restores off the default path: odd sizes, chunks bigger than buffers, buffered writes, the JDK client, delta reuse. */
@Timeout(120)
class BlockRestoreVariantsIT {

    static final String MAC = "00:1b:63:84:45:e9";

    private static AgentResult restore(ImageServer server, Path work, Path target, RestoreOptions options, AgentEnvironment env) {
        return Agent.run(Agents.generic(server.uri(), MAC, work).target(target.toString()).restore(options).build(), env);
    }

    private static RestoreOptions options(int bufferBytes, RestoreOptions.DirectIo directIo, RestoreOptions.Reuse reuse) {
        return new RestoreOptions(bufferBytes, 4, directIo, reuse, Duration.ofMillis(100));
    }

    @Test
    void oddChunkAndImageSizesEndHashCorrectWithAnUnalignedTail(@TempDir Path work) throws Exception {
        Path image = Hashes.randomFile(work.resolve("odd.img"), 10_000_019, 11);
        try (OrchardServer server = new OrchardServer(100_003)) {
            ServedImage served = server.addImage("odd.img", image, 100_003);
            server.plan(MAC, Plans.restore(MAC, served, "block"));
            Path target = work.resolve("disk");

            AgentResult result = restore(server, work, target, options(1 << 20, RestoreOptions.DirectIo.AUTO, RestoreOptions.Reuse.AUTO),
                    Agents.collecting(Agents.lines()));

            assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
            assertThat(Hashes.sha256(target)).isEqualTo(served.sha256());
        }
    }

    @Test
    void chunksLargerThanTheBuffersSurviveCutsInsideAChunk(@TempDir Path work) throws Exception {
        Path image = Hashes.randomFile(work.resolve("big-chunks.img"), 64L << 20, 12);
        try (OrchardServer server = new OrchardServer(10 << 20)) {
            ServedImage served = server.addImage("big-chunks.img", image, 10L << 20);
            server.plan(MAC, Plans.restore(MAC, served, "block"));
            try (CuttingProxy proxy = new CuttingProxy(server.port(), 5L << 20, 27L << 20, 45L << 20)) {
                Path target = work.resolve("disk");
                AgentResult result = Agent.run(Agents.generic(proxy.uri(), MAC, work).target(target.toString())
                        .restore(options(1 << 20, RestoreOptions.DirectIo.AUTO, RestoreOptions.Reuse.AUTO)).build(),
                        Agents.collecting(Agents.lines()));

                assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
                assertThat(proxy.cuts()).isEqualTo(3);
                assertThat(Hashes.sha256(target)).isEqualTo(served.sha256());
            }
        }
    }

    @Test
    void bufferedWritesThroughTheJdkHttpClientWork(@TempDir Path work) throws Exception {
        Path image = Hashes.randomFile(work.resolve("img"), 24L << 20, 13);
        try (OrchardServer server = new OrchardServer(1 << 20)) {
            ServedImage served = server.addImage("img", image, 1 << 20);
            server.plan(MAC, Plans.restore(MAC, served, "block"));
            Path target = work.resolve("disk");
            AgentEnvironment env = Agents.collecting(Agents.lines())
                    .withRangeSource(new JdkRangeSource(HttpClient.newHttpClient(), Agents.fastHttp()));

            AgentResult result = restore(server, work, target, options(4 << 20, RestoreOptions.DirectIo.OFF, RestoreOptions.Reuse.AUTO), env);

            assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
            assertThat(Hashes.sha256(target)).isEqualTo(served.sha256());
            assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).contains("buffered writes"));
        }
    }

    @Test
    void aTargetHoldingAnOlderCopyOnlyGetsTheChunksThatDiffer(@TempDir Path work) throws Exception {
        long chunk = 1 << 20;
        Path image = Hashes.randomFile(work.resolve("img"), 32 * chunk, 14);
        try (OrchardServer server = new OrchardServer(1 << 20)) {
            ServedImage served = server.addImage("img", image, chunk);
            server.plan(MAC, Plans.restore(MAC, served, "block"));
            Path target = work.resolve("disk");
            Files.copy(image, target);
            try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
                for (long bad : new long[] {3, 17, 31}) {
                    raf.seek(bad * chunk + 99);
                    raf.write(0x5a ^ raf.readUnsignedByte());
                }
            }

            try (CuttingProxy relay = new CuttingProxy(server.port())) {
                AgentResult result = Agent.run(Agents.generic(relay.uri(), MAC, work).target(target.toString())
                        .restore(options(1 << 20, RestoreOptions.DirectIo.AUTO, RestoreOptions.Reuse.AUTO)).build(),
                        Agents.collecting(Agents.lines()));

                assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
                assertThat(Hashes.sha256(target)).isEqualTo(served.sha256());
                assertThat(result.bytesFetched()).isEqualTo(3 * chunk);
                assertThat(result.bytesReused()).isEqualTo(29 * chunk);
                assertThat(relay.requests()).extracting(RangeRequest::from).containsExactly(3 * chunk, 17 * chunk, 31 * chunk);
            }
        }
    }

    @Test
    void aRestoreOverAFinishedRestoreVerifiesAndFetchesNothing(@TempDir Path work) throws Exception {
        Path image = Hashes.randomFile(work.resolve("img"), 8L << 20, 15);
        try (OrchardServer server = new OrchardServer(1 << 20)) {
            ServedImage served = server.addImage("img", image, 1 << 20);
            server.plan(MAC, Plans.restore(MAC, served, "block"));
            Path target = work.resolve("disk");
            RestoreOptions journalOnly = options(1 << 20, RestoreOptions.DirectIo.AUTO, RestoreOptions.Reuse.JOURNAL);
            assertThat(restore(server, work, target, journalOnly, Agents.collecting(Agents.lines())).status()).isEqualTo(ExitStatus.OK);
            server.resetCounters();

            AgentResult again = restore(server, work, target, journalOnly, Agents.collecting(Agents.lines()));

            assertThat(again.status()).isEqualTo(ExitStatus.OK);
            assertThat(again.bytesFetched()).isZero();
            assertThat(again.bytesReused()).isEqualTo(8L << 20);
            assertThat(server.imageBytesServed()).isZero();
        }
    }

    @Test
    void aManualRestoreNeedsNoPlanAndCanTakeItsManifestFromAFile(@TempDir Path work) throws Exception {
        Path image = Hashes.randomFile(work.resolve("img"), 6L << 20, 17);
        try (OrchardServer server = new OrchardServer(1 << 20)) {
            ServedImage served = server.addImage("img", image, 1 << 20);
            Path manifest = work.resolve("img.manifest.json");
            HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/images/img/manifest")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(manifest));

            AgentResult fromServer = Agent.run(dev.orchard.agent.run.AgentOptions.builder(server.uri()).image("/images/img")
                    .backend(AgentOptions.BackendKind.GENERIC).workFolder(work).target(work.resolve("a").toString())
                    .http(Agents.fastHttp()).build(), Agents.collecting(Agents.lines()));
            AgentResult fromFile = Agent.run(dev.orchard.agent.run.AgentOptions.builder(server.uri()).image("/images/img")
                    .manifestFile(manifest).backend(AgentOptions.BackendKind.GENERIC).workFolder(work)
                    .target(work.resolve("b").toString()).http(Agents.fastHttp()).build(), Agents.collecting(Agents.lines()));

            assertThat(fromServer.status()).as(fromServer.summary()).isEqualTo(ExitStatus.OK);
            assertThat(fromFile.status()).as(fromFile.summary()).isEqualTo(ExitStatus.OK);
            assertThat(fromServer.summary()).contains("action=restore stage=done");
            assertThat(Hashes.sha256(work.resolve("a"))).isEqualTo(served.sha256());
            assertThat(Hashes.sha256(work.resolve("b"))).isEqualTo(served.sha256());
            assertThat(server.events()).as("a manual restore reports to the console only").isEmpty();
        }
    }

    @Test
    void aTooSmallDeviceOrMissingImageFailsWithTheRightExitCode(@TempDir Path work) throws Exception {
        try (OrchardServer server = new OrchardServer(1 << 20)) {
            Path image = Hashes.randomFile(work.resolve("img"), 1 << 20, 16);
            ServedImage served = server.addImage("img", image, 1 << 20);
            var plan = Plans.restore(MAC, served, "block");
            ((com.fasterxml.jackson.databind.node.ObjectNode) plan.get("restore")).put("url", "/images/missing.img");
            server.plan(MAC, plan);

            AgentResult missing = restore(server, work, work.resolve("disk"), RestoreOptions.defaults(), Agents.collecting(Agents.lines()));

            assertThat(missing.status()).isEqualTo(ExitStatus.TRANSFER);
            assertThat(missing.message()).contains("404");

            AgentResult noPlan = Agent.run(Agents.generic(server.uri(), "00:00:00:00:00:01", work).target("x").build(),
                    Agents.collecting(Agents.lines()));
            assertThat(noPlan.status()).isEqualTo(ExitStatus.NO_PLAN);
            assertThat(noPlan.summary()).contains("result=failed exit=3 reason=no-plan").contains("no policy applies to 00:00:00:00:00:01");
        }
    }
}
