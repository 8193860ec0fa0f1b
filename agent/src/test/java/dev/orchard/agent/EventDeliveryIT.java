package dev.orchard.agent;

import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.EventBody;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reports never hold up the work: a server refusing events (503) for a while, or for good. */
@Timeout(90)
class EventDeliveryIT {

    static final String MAC = "00:1b:63:84:45:e7";

    @Test
    void eventsRefusedForAWhileDoNotBlockTheRestoreAndAllArriveInOrder(@TempDir Path work) throws Exception {
        Path image = Hashes.randomFile(work.resolve("img"), 64L << 20, 3);
        try (OrchardServer server = new OrchardServer(1 << 20)) {
            ServedImage served = server.addImage("img", image, 1 << 20);
            server.plan(MAC, Plans.restore(MAC, served, "block"));
            long refusalMillis = 3000;
            Instant refusalEnds = Instant.now().plusMillis(refusalMillis);
            server.refuseEventsFor(refusalMillis);

            AgentResult result = Agent.run(Agents.generic(server.uri(), MAC, work).target(work.resolve("disk").toString()).build(),
                    Agents.collecting(Agents.lines()));

            assertThat(result.status()).as(result.summary()).isEqualTo(ExitStatus.OK);
            assertThat(result.summary()).contains("events=delivered");
            assertThat(server.eventsRefused()).isPositive();
            List<EventBody> events = server.events();
            EventBody verified = events.stream().filter(e -> e.label().equals("verify:succeeded")).findFirst().orElseThrow();
            assertThat(Instant.parse(verified.at())).as("the restore finished while the server still refused events").isBefore(refusalEnds);
            assertThat(events).last().satisfies(e -> assertThat(e.label()).isEqualTo("done:succeeded"));
            assertThat(events).extracting(EventBody::seq).isSorted();
            assertThat(events.stream().filter(e -> !e.result().equals("progress")).map(EventBody::label))
                    .containsExactly("plan:succeeded", "erase:skipped", "restore:started", "restore:succeeded",
                            "verify:started", "verify:succeeded", "bless:skipped", "reboot:skipped", "done:succeeded");
        }
    }

    @Test
    void eventsRefusedForGoodCostTheAgentOnlyItsBoundedFinalWait(@TempDir Path work) throws Exception {
        Path image = Hashes.randomFile(work.resolve("img"), 16L << 20, 4);
        try (OrchardServer server = new OrchardServer(1 << 20)) {
            ServedImage served = server.addImage("img", image, 1 << 20);
            server.plan(MAC, Plans.restore(MAC, served, "block"));
            server.refuseEventsFor(Long.MAX_VALUE / 4);
            long[] doneAt = new long[1];
            AgentEnvironment collecting = Agents.collecting(Agents.lines());
            AgentEnvironment env = collecting.withConsole(line -> {
                if (line.startsWith("done ")) {
                    doneAt[0] = System.nanoTime();
                }
                collecting.console().accept(line);
            });

            AgentResult result = Agent.run(Agents.generic(server.uri(), MAC, work).target(work.resolve("disk").toString())
                    .reportTimeout(Duration.ofSeconds(2)).build(), env);
            Duration finalWait = Duration.ofNanos(System.nanoTime() - doneAt[0]);

            assertThat(result.status()).as("the work is done even if nobody heard about it").isEqualTo(ExitStatus.OK);
            assertThat(result.eventsPending()).isPositive();
            assertThat(result.summary()).contains("events=pending:");
            assertThat(finalWait).as("the report timeout, then the sender stops").isBetween(Duration.ofMillis(1900), Duration.ofSeconds(10));
            assertThat(Hashes.sha256(work.resolve("disk"))).isEqualTo(served.sha256());
        }
    }
}
