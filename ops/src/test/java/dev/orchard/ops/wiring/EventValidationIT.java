package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.agent.api.ApiTransport;
import dev.orchard.agent.api.EventResult;
import dev.orchard.agent.api.ServerApi;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.report.EventReporter;
import dev.orchard.agent.api.EventTransport;
import dev.orchard.agent.transfer.Backoff;
import dev.orchard.agent.transfer.HttpSettings;
import dev.orchard.http.spi.EventStage;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.MachineEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Invalid agent events against the real server and journal: each is a 400 naming what is wrong and nothing
 * of it is stored (before, several were stored as they came: more bytes done than in total, an empty or
 * unpaired-surrogate run id, a time in the year 1000000000); a refusal by the journal's side of the port is a
 * 400 too, not the 503 "retry later" the agent would retry forever; and the real agent's reporter drops a
 * 400 after one attempt, with a console line, and goes on with the next event.
 */
class EventValidationIT {

    private static final String MAC = "02:00:0a:00:00:31";

    @TempDir
    static Path dir;
    private static ServeFixture f;
    private static String token;
    private static String events;

    @BeforeAll
    static void start() throws Exception {
        f = ServeFixture.start(dir.resolve("lab"));
        JsonNode plan = f.plan(MAC, "C02EVENTS031", ServeFixture.RESTORE_MODEL);
        token = plan.get("token").asText();
        events = plan.get("events").asText();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void invalidEventsAreRefusedWithTheirReasonAndNotStored() throws Exception {
        String[][] cases = {
                {"{\"seq\":1,\"stage\":\"restore\",\"result\":\"progress\",\"bytesDone\":10,\"bytesTotal\":5}",
                        "bytesDone (10) is larger than bytesTotal (5)"},
                {"{\"seq\":2,\"stage\":\"restore\",\"result\":\"progress\",\"bytesDone\":-1}", "must be >= 0"},
                {"{\"seq\":3,\"stage\":\"flash\",\"result\":\"started\"}", "unknown stage 'flash'; expected one of:"},
                {"{\"seq\":4,\"runId\":\"\",\"stage\":\"plan\",\"result\":\"started\"}", "runId must be 1 to 200"},
                {"{\"seq\":5,\"runId\":\"\\ud800\",\"stage\":\"plan\",\"result\":\"started\"}", "runId is not valid Unicode"},
                {"{\"seq\":6,\"stage\":\"workflow\",\"step\":\"script:\\u0007\",\"result\":\"started\"}",
                        "step must not contain control characters"},
                {"{\"seq\":7,\"stage\":\"plan\",\"result\":\"started\",\"at\":\"+1000000000-12-31T23:59:59Z\"}",
                        "between the years 0000 and 9999"},
                {"{\"seq\":8,", "invalid JSON"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = f.post(events, token, c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            JsonNode error = ServeFixture.JSON.readTree(r.body());
            assertThat(error.get("status").asInt()).isEqualTo(400);
            assertThat(error.get("message").asText()).as(c[0]).contains(c[1]);
        }
        assertThat(f.server.journal().machine(MacAddress.parse(MAC)).orElseThrow().history())
                .noneMatch(r -> r instanceof MachineEvent);

        // a message cut inside a surrogate pair is stored, repaired
        HttpResponse<String> cut = f.post(events, token,
                "{\"seq\":9,\"stage\":\"plan\",\"result\":\"failed\",\"message\":\"\\udc00 tail\"}");
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(202);
        MachineEvent stored = (MachineEvent) f.server.journal().machine(MacAddress.parse(MAC)).orElseThrow().history()
                .stream().filter(r -> r instanceof MachineEvent).reduce((a, b) -> b).orElseThrow();
        assertThat(stored.message()).isEqualTo("\ufffd tail");
    }

    @Test
    void whatTheJournalRefusesIsInvalidNotARetry() {
        try (JournalEventsPort port = new JournalEventsPort(f.server.journal(), f.server.runs())) {
            var event = new dev.orchard.http.spi.MachineEvent(1, "run", EventStage.PLAN, null,
                    dev.orchard.http.spi.EventResult.STARTED, null, null, null, null);
            assertThatThrownBy(() -> port.record("not-a-mac", event).toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void theAgentDropsA400AfterOneAttemptAndGoesOn() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        ServerApi api = new ServerApi(URI.create(f.server.httpUrl()), new ApiTransport.Jdk(() -> client,
                HttpSettings.defaults()));
        String agentMac = "02:00:0a:00:00:32";
        JsonNode plan = f.plan(agentMac, "C02EVENTS032", ServeFixture.RESTORE_MODEL);
        AtomicInteger attempts = new AtomicInteger();
        List<EventTransport.Outcome> outcomes = new CopyOnWriteArrayList<>();
        List<String> console = new CopyOnWriteArrayList<>();
        EventTransport transport = e -> {
            attempts.incrementAndGet();
            EventTransport.Delivery d = api.postEvent(plan.get("events").asText(), plan.get("token").asText(), e);
            outcomes.add(d.outcome());
            return d;
        };
        try (EventReporter reporter = new EventReporter(transport, new Backoff(Duration.ofMillis(20),
                Duration.ofMillis(100)), 16, console::add, "test-reporter", plan.get("run").asText())) {
            reporter.report(Stage.RESTORE, null, EventResult.PROGRESS, 10L, 5L, null);
            reporter.report(Stage.RESTORE, null, EventResult.SUCCEEDED, 5L, 5L, "restored");
            assertThat(reporter.drain(Duration.ofSeconds(30))).isTrue();
            assertThat(reporter.lost()).isEqualTo(1);
            assertThat(reporter.delivered()).isEqualTo(1);
        }
        assertThat(attempts.get()).as("one attempt each: the 400 is not retried").isEqualTo(2);
        assertThat(outcomes).containsExactly(EventTransport.Outcome.REJECTED, EventTransport.Outcome.ACCEPTED);
        assertThat(console).anySatisfy(l -> assertThat(l).contains("refused by the server")
                .contains("400").contains("larger than bytesTotal"));
        List<Long> stored = f.server.journal().machine(MacAddress.parse(agentMac)).orElseThrow().history().stream()
                .filter(r -> r instanceof MachineEvent).map(r -> ((MachineEvent) r).seq()).toList();
        assertThat(stored).containsExactly(2L);
    }
}
