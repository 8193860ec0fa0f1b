package dev.orchard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.CuttingProxy;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.RangeRequest;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.agent.testing.StandInServer;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore under trouble, against Orchard's HTTP server (a relay in front of it cuts, holds and
 * watches the traffic): a network that drops ten times, a byte rotted on the server's disk, an image
 * replaced during the restore, a server restart, and the agent itself killed (-9) mid-restore. Each ends
 * hash-correct, or fails loudly naming what went wrong. The stand-in adds a byte flipped in transit.
 */
@Timeout(180)
class RestoreResilienceIT {

    static final long SIZE = 256L << 20;
    static final int CHUNK = 4 << 20;
    static final String MAC = "00:1b:63:84:45:e6";

    @TempDir
    static Path shared;
    static Path image;

    @BeforeAll
    static void makeImage() {
        image = Hashes.randomFile(shared.resolve("lab-base.img"), SIZE, 7);
    }

    private static OrchardServer serverWithImage(ServedImage[] served) throws Exception {
        OrchardServer server = new OrchardServer(CHUNK);
        served[0] = server.addImage("lab-base.img", image, CHUNK);
        server.plan(MAC, Plans.restore(MAC, served[0], "block"));
        return server;
    }

    private static List<RangeRequest> imageRequests(CuttingProxy proxy) {
        return proxy.requests().stream().filter(r -> r.path().equals("/images/lab-base.img")).toList();
    }

    @Test
    void tenConnectionCutsAreResumedAndTheImageEndsHashCorrect(@TempDir Path work) throws Exception {
        ServedImage[] served = new ServedImage[1];
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long[] cuts = new long[10];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (1L << 20) + (long) (random.nextDouble() * (SIZE - (8L << 20)));
        }
        try (OrchardServer server = serverWithImage(served); CuttingProxy proxy = new CuttingProxy(server.port(), cuts)) {
            Path target = work.resolve("disk.img");
            AgentResult result = Agent.run(Agents.generic(proxy.uri(), MAC, work).target(target.toString()).build(),
                    Agents.collecting(Agents.lines()));

            assertThat(result.status()).as("seed " + seed + ": " + result.summary()).isEqualTo(ExitStatus.OK);
            assertThat(proxy.cuts()).as("seed " + seed).isEqualTo(10);
            assertThat(Hashes.sha256(target)).isEqualTo(served[0].sha256());
            List<RangeRequest> requests = imageRequests(proxy);
            assertThat(requests).as("a ranged GET per cut, plus the first").hasSizeGreaterThanOrEqualTo(11);
            assertThat(requests).allSatisfy(r -> assertThat(r.from() % CHUNK).as("resumes on a chunk boundary").isZero());
            // each resume starts at the first unverified chunk: at most a chunk and a buffer fetched again per cut
            assertThat(result.bytesFetched()).isLessThan(SIZE + 10 * (8L << 20));
            assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).contains("resuming at chunk"));
            assertThat(server.events()).last().satisfies(e -> assertThat(e.label()).isEqualTo("done:succeeded"));
        }
    }

    @Test
    void aByteRottedOnTheServersDiskIsFetchedOnceMoreThenTheRestoreFailsNamingTheChunk(@TempDir Path work) throws Exception {
        ServedImage[] served = new ServedImage[1];
        try (OrchardServer server = serverWithImage(served); CuttingProxy proxy = new CuttingProxy(server.port())) {
            long rotten = 12L * CHUNK + 12345;
            rot(server.imageFile("lab-base.img"), rotten);
            AgentResult result = Agent.run(Agents.generic(proxy.uri(), MAC, work).target(work.resolve("disk.img").toString()).build(),
                    Agents.collecting(Agents.lines()));

            assertThat(result.status()).isEqualTo(ExitStatus.VERIFY);
            assertThat(result.stage()).isEqualTo(dev.orchard.agent.api.Stage.RESTORE);
            assertThat(result.summary()).contains("result=failed exit=8 reason=verify-failed").contains("chunk 12");
            long fetchesOfChunk12 = imageRequests(proxy).stream().filter(r -> r.from() <= rotten && rotten < r.to()).count();
            assertThat(fetchesOfChunk12).as("fetched once, then once more").isEqualTo(2);
            assertThat(server.events()).anySatisfy(e -> {
                assertThat(e.label()).isEqualTo("restore:failed");
                assertThat(e.message()).contains("chunk 12 (offset " + 12L * CHUNK).contains("fetched twice");
            });
            assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).contains("chunk 12").contains("fetching it once more"));
            assertThat(server.events()).last().satisfies(e -> assertThat(e.label()).isEqualTo("done:failed"));
        }
    }

    /** Flips a bit in place and puts the modification time back: the server's ETag and manifest stay as they were. */
    private static void rot(Path file, long offset) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 1);
        }
        Files.setLastModifiedTime(file, modified);
    }

    @Test
    void aByteFlippedInTransitIsCaughtTheSameWay(@TempDir Path work) throws Exception {
        try (StandInServer server = new StandInServer()) {
            ServedImage served = server.addImage("lab-base.img", image, CHUNK);
            server.plan(MAC, Plans.restore(MAC, served, "block"));
            long flipped = 40L * CHUNK + 7;
            server.flipByteAt(flipped);
            AgentResult result = Agent.run(Agents.generic(server.uri(), MAC, work).target(work.resolve("disk.img").toString()).build(),
                    Agents.collecting(Agents.lines()));

            assertThat(result.status()).isEqualTo(ExitStatus.VERIFY);
            assertThat(result.message()).startsWith("chunk 40 (offset " + 40L * CHUNK).contains("fetched twice");
            assertThat(server.requests().stream().filter(r -> r.from() <= flipped && flipped < r.to()).count()).isEqualTo(2);
        }
    }

    @Test
    void anImageReplacedOnTheServerDuringTheRestoreStopsItRatherThanMixVersions(@TempDir Path work) throws Exception {
        ServedImage[] served = new ServedImage[1];
        try (OrchardServer server = serverWithImage(served); CuttingProxy proxy = new CuttingProxy(server.port())) {
            proxy.pauseAfter(SIZE / 3);
            Thread replacer = new Thread(() -> {
                try {
                    while (proxy.relayedBytes() < SIZE / 3 - (1 << 20)) {
                        Thread.sleep(10);
                    }
                    Path fresh = Hashes.randomFile(shared.resolve("lab-base-v2.img"), SIZE, 8);
                    Files.move(fresh, server.imageFile("lab-base.img"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    // the server keeps serving an open file for up to a second (its open-file cache): until then a
                    // resume still gets the old bytes under the old ETag, which is consistent, so wait that out
                    Thread.sleep(1500);
                    proxy.cutNow();
                    proxy.resume();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            replacer.start();
            AgentResult result = Agent.run(Agents.generic(proxy.uri(), MAC, work).target(work.resolve("disk.img").toString()).build(),
                    Agents.collecting(Agents.lines()));
            replacer.join(30_000);

            assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.VERIFY);
            assertThat(result.message()).contains("changed on the server").contains("run the agent again");
            assertThat(server.events()).anySatisfy(e -> assertThat(e.label()).isEqualTo("restore:failed"));
        }
    }

    @Test
    void aServerRestartMidRestoreIsRidden(@TempDir Path work) throws Exception {
        ServedImage[] served = new ServedImage[1];
        try (OrchardServer server = serverWithImage(served); CuttingProxy proxy = new CuttingProxy(server.port())) {
            proxy.pauseAfter(SIZE / 3);
            Thread restarter = new Thread(() -> {
                try {
                    while (proxy.relayedBytes() < SIZE / 3 - (1 << 20)) {
                        Thread.sleep(10);
                    }
                    server.restart(700);
                    proxy.resume();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restarter.start();
            Path target = work.resolve("disk.img");
            AgentResult result = Agent.run(Agents.generic(proxy.uri(), MAC, work).target(target.toString()).build(),
                    Agents.collecting(Agents.lines()));
            restarter.join(30_000);

            assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
            assertThat(Hashes.sha256(target)).isEqualTo(served[0].sha256());
            assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).contains("resuming at chunk"));
            assertThat(imageRequests(proxy)).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void anAgentKilledMidRestoreFetchesOnlyWhatIsMissingWhenRunAgain(@TempDir Path work) throws Exception {
        ServedImage[] served = new ServedImage[1];
        try (OrchardServer server = serverWithImage(served); CuttingProxy proxy = new CuttingProxy(server.port())) {
            proxy.pauseAfter(SIZE / 2);
            Path target = work.resolve("disk.img");
            Process child = startAgentJvm(proxy, target, work);
            try {
                int journaled = awaitJournaled(work, 24, Duration.ofSeconds(60));
                child.destroyForcibly();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

                proxy.cutNow();
                proxy.resume();
                server.resetCounters();
                try (CuttingProxy counting = new CuttingProxy(server.port())) {
                    AgentResult rerun = Agent.run(Agents.generic(counting.uri(), MAC, work).target(target.toString()).build(),
                            Agents.collecting(Agents.lines()));

                    assertThat(rerun.status()).as(rerun.summary()).isEqualTo(ExitStatus.OK);
                    assertThat(Hashes.sha256(target)).isEqualTo(served[0].sha256());
                    assertThat(rerun.bytesReused()).as("journaled chunks are re-verified, not fetched").isGreaterThanOrEqualTo(journaled * (long) CHUNK);
                    assertThat(rerun.bytesFetched()).isLessThanOrEqualTo(SIZE - journaled * (long) CHUNK);
                    assertThat(rerun.bytesFetched() + rerun.bytesReused()).isEqualTo(SIZE);
                    long asked = imageRequests(counting).stream().mapToLong(r -> r.to() - r.from()).sum();
                    assertThat(asked).as("only the missing chunks were asked for").isEqualTo(rerun.bytesFetched());
                    // the relay also carried the plan, the manifest and the events: a few KiB
                    assertThat(counting.relayedBytes()).isBetween(rerun.bytesFetched(), rerun.bytesFetched() + (256L << 10));
                }
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** The agent as its own JVM: the shaded jar when built, else the test class path. */
    private static Process startAgentJvm(CuttingProxy proxy, Path target, Path work) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path jar = Path.of("target", "orchard-agent.jar");
        if (Files.isRegularFile(jar)) {
            cmd.addAll(List.of("-jar", jar.toString()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.orchard.agent.AgentMain"));
        }
        cmd.addAll(List.of("--server", proxy.uri().toString(), "--target", target.toString(), "--mac", MAC,
                "--backend", "generic", "--work", work.toString(), "--sync-interval", "100ms", "--stall-timeout", "120s",
                "--retry-delay", "50ms"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile()).start();
    }

    /** Waits until the progress journal lists at least {@code atLeast} chunks; returns how many. */
    private static int awaitJournaled(Path work, int atLeast, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        ObjectMapper json = new ObjectMapper();
        while (System.nanoTime() < deadline) {
            Path folder = work.resolve("journal");
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".journal.json")).toList()) {
                        try {
                            JsonNode j = json.readTree(f.toFile());
                            int done = BitSet.valueOf(Base64.getDecoder().decode(j.get("done").asText())).cardinality();
                            if (done >= atLeast) {
                                return done;
                            }
                        } catch (IOException mid) {
                            // being replaced right now
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the journal never listed " + atLeast + " chunks; child log:\n"
                + Files.readString(work.resolve("child.log")));
    }
}
