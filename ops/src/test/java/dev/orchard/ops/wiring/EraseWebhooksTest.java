package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.config.SecretSource;
import dev.orchard.ops.config.Webhook;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.spi.OpsMetrics;
import dev.orchard.ops.webhooks.WebhookDispatcher;
import dev.orchard.ops.webhooks.WebhookMetrics;
import dev.orchard.ops.webhooks.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The erase flow's webhooks (docs/webhooks.md, "Erase flow stages") against a real journal, outbox and HTTP
 * receiver: every stage the flow journals is sent once, in order, intermediate ones too; a stage journaled just
 * before a crash (never offered to the outbox) is sent after the restart, and only once; the first start with
 * webhooks does not send the erase history of the time without them.
 */
class EraseWebhooksTest {

    private static final String MAC = "02:0e:00:00:07:01";
    private static final String FLOW = "6f1d3c1e-9f5b-4d7a-9a57-1b9a0c3e2d11";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The running pieces of one server life: the journal, the dispatcher, the erase webhooks, the flow's hook. */
    private final class Life implements AutoCloseable {
        final Journal journal;
        final WebhookDispatcher dispatcher;
        final EraseWebhooks hooks;
        final AtomicReference<Consumer<EraseStep>> flow = new AtomicReference<>();

        Life(WebhookReceiver receiver) throws Exception {
            journal = Journal.open(dir.resolve("journal"), JournalOptions.DEFAULTS, OpsMetrics.NOOP, Clock.systemUTC());
            Webhook h = new Webhook(receiver.url(), new SecretSource("UNUSED", null), List.of(Webhook.Trigger.values()),
                    2, 1000, 20, 1, 24);
            dispatcher = WebhookDispatcher.start(dir.resolve("webhooks"), List.of(h),
                    Map.of(h.url(), "whsec-erase-test-4b2e9d"), WebhookMetrics.NOOP, Clock.systemUTC());
            hooks = EraseWebhooks.start(journal, flow::set, dispatcher, dir.resolve("webhooks"));
        }

        /** What the flow does for a step: journal it durably, then tell the listener. */
        void flowJournals(EraseStep s) throws Exception {
            journal.append(s).get();
            flow.get().accept(s);
        }

        @Override
        public void close() throws Exception {
            // a delivery the receiver took but the outbox has not settled yet is sent again after a restart (at least
            // once, docs/webhooks.md): let it settle, so that a second copy here means a second offer
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (dispatcher.waiting() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            hooks.close();
            dispatcher.close();
            journal.close();
        }
    }

    private static EraseStep step(String stage, int second) {
        return new EraseStep(MAC, FLOW, stage, "UDID-EW1", null, null, null, false, Map.of(),
                stage.equals("failed") ? "command-error" : null, "at " + stage,
                Instant.parse("2026-12-05T19:00:00Z").plusSeconds(second), null);
    }

    private static List<String> stagesSent(WebhookReceiver receiver) throws Exception {
        List<String> stages = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.accepted()) {
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("flow").asText()).isEqualTo("mdm-erase");
            assertThat(body.get("machine").get("mac").asText()).isEqualTo(MAC);
            stages.add(body.get("stage").asText());
        }
        return stages;
    }

    private static void awaitSent(WebhookReceiver receiver, int count) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (receiver.accepted().size() < count) {
            assertThat(System.nanoTime()).as("%d webhooks; got %s", count, stagesSent(receiver)).isLessThan(end);
            Thread.sleep(20);
        }
    }

    @Test
    void everyStageTheFlowJournalsIsSentOnceInOrderEvenInABurst() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(200); Life life = new Life(receiver)) {
            // the flow journals these one after the other without waiting for anything (EraseFlow.advance): by the
            // time the webhooks look, the journal's latest state is already the last of them
            for (String stage : List.of("requested", "querying", "profile-removing", "failed")) {
                life.flowJournals(step(stage, 0));
            }
            life.flowJournals(step("failed", 0)); // the same stage journaled again (a resumed flow): not sent again
            awaitSent(receiver, 4);
            Thread.sleep(300);
            assertThat(stagesSent(receiver)).containsExactly("requested", "querying", "profile-removing", "failed");
        }
    }

    @Test
    void aStageJournaledJustBeforeACrashIsSentAfterTheRestartAndOnlyOnce() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(200)) {
            try (Life life = new Life(receiver)) {
                life.flowJournals(step("requested", 0));
                awaitSent(receiver, 1);
                // the crash: the step is durable in the journal, the process dies before the webhooks hear of it
                life.journal.append(step("querying", 1)).get();
            }
            try (Life restarted = new Life(receiver)) {
                awaitSent(receiver, 2);
                assertThat(stagesSent(receiver)).containsExactly("requested", "querying");
            }
            try (Life again = new Life(receiver)) {
                Thread.sleep(500);
                assertThat(stagesSent(receiver)).as("offered once: not again at every start")
                        .containsExactly("requested", "querying");
            }
        }
    }

    @Test
    void theFirstStartWithWebhooksDoesNotSendTheEraseHistoryOfTheTimeWithout() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("journal"), JournalOptions.DEFAULTS, OpsMetrics.NOOP,
                Clock.systemUTC())) {
            journal.append(step("done", 0)).get();
            // a start without webhooks drops any note of what was offered
            assertThat(EraseWebhooks.start(journal, l -> { }, null, dir.resolve("webhooks"))).isNull();
        }
        try (WebhookReceiver receiver = WebhookReceiver.start(200); Life life = new Life(receiver)) {
            Thread.sleep(500);
            assertThat(receiver.accepted()).isEmpty();
            assertThat(Files.readString(dir.resolve("webhooks").resolve(ErasesOffered.FILE_NAME)))
                    .isEqualTo(MAC + " " + FLOW + " done\n");
            life.flowJournals(step("requested", 5)); // a later flow of the same Mac (same id here: a new stage)
            awaitSent(receiver, 1);
            assertThat(stagesSent(receiver)).containsExactly("requested");
        }
    }
}
