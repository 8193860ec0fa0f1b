package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.ops.webhooks.IndependentHmac;
import dev.orchard.ops.webhooks.WebhookReceiver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks through the whole server: agent events posted to the real agent API while the receiver is down are
 * acknowledged (202), wait in the outbox across a restart of {@code orchard serve}, and reach the receiver once it
 * is up, every one, signed (checked by Python's hmac module), with the Mac's identity from the journal.
 */
class WebhookRestartIT {

    private static final String MAC = "02:00:0a:00:00:81";
    private static final String SECRET = "Yx81-webhook-secret-4d7e0c2a";

    @TempDir
    Path dir;

    @Test
    void eventsAcknowledgedWhileTheReceiverIsDownAreDeliveredAfterAServerRestart() throws Exception {
        Assumptions.assumeTrue(IndependentHmac.available(), "needs /usr/bin/openssl and /usr/bin/python3");
        Path secret = dir.resolve("webhook-secret");
        Files.writeString(secret, SECRET + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int port = ChildServer.freeTcpPort();
        String yaml = "\nwebhooks:\n  - url: http://127.0.0.1:" + port + "/orchard-hook\n    secret: {file: " + secret
                + "}\n    retry_first_ms: 50\n    retry_max_seconds: 1\n";
        ServeFixture f = ServeFixture.start(dir.resolve("lab"), text -> text + yaml);
        List<Long> expectedSeqs = new ArrayList<>();
        try {
            JsonNode plan = f.plan(MAC, "C02HOOK0081", ServeFixture.RESTORE_MODEL);
            String token = plan.get("token").asText();
            String events = plan.get("events").asText();
            String[][] sequence = {{"plan", "started"}, {"plan", "succeeded"}, {"erase", "started"},
                    {"erase", "succeeded"}, {"restore", "started"}, {"restore", "progress"}, {"restore", "progress"},
                    {"restore", "failed"}};
            for (int i = 0; i < sequence.length; i++) {
                long seq = i + 1;
                HttpResponse<String> r = f.post(events, token, ServeFixture.event(seq, null, sequence[i][0],
                        sequence[i][1], null, null));
                assertThat(r.statusCode()).as("event %d: %s", seq, r.body()).isEqualTo(202);
                if (!sequence[i][1].equals("progress")) {
                    expectedSeqs.add(seq);
                }
            }
            assertThat(ServeFixture.sample(f.metrics(), "orchard_webhook_pending")).isEqualTo(expectedSeqs.size());
            assertThat(ServeFixture.sample(f.metrics(), "orchard_webhook_attempts_total{result=\"unreachable\"}"))
                    .as("the receiver is down: attempts fail").isGreaterThanOrEqualTo(1);
        } finally {
            f.close();
        }
        assertThat(Files.size(f.dir.resolve("data/webhooks/outbox.log"))).isPositive();

        try (WebhookReceiver receiver = WebhookReceiver.down(port).answer(200).listen(port)) {
            ServeFixture again = f.restart();
            try {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (receiver.accepted().size() < expectedSeqs.size() && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                List<WebhookReceiver.Received> got = receiver.accepted();
                List<Long> seqs = new ArrayList<>();
                String runId = null;
                for (WebhookReceiver.Received r : got) {
                    JsonNode body = ServeFixture.JSON.readTree(r.body());
                    seqs.add(body.get("seq").asLong());
                    assertThat(body.get("machine").get("mac").asText()).isEqualTo(MAC);
                    assertThat(body.get("machine").get("serial").asText()).isEqualTo("C02HOOK0081");
                    runId = runId == null ? body.get("runId").asText() : runId;
                    assertThat(body.get("runId").asText()).isEqualTo(runId);
                    assertThat(IndependentHmac.pythonVerifies(SECRET, r.header("Orchard-Signature"), r.body()))
                            .as("signature of seq %s", body.get("seq")).isTrue();
                }
                assertThat(seqs).as("every stage change and the failure, once, in order").isEqualTo(expectedSeqs);
                JsonNode last = ServeFixture.JSON.readTree(got.get(got.size() - 1).body());
                assertThat(last.get("type").asText()).isEqualTo("machine.failure");
                assertThat(last.get("stage").asText()).isEqualTo("restore");
                assertThat(again.awaitSample("orchard_webhook_deliveries_total{outcome=\"delivered\"}",
                        expectedSeqs.size())).isEqualTo(expectedSeqs.size());
                assertThat(ServeFixture.sample(again.metrics(), "orchard_webhook_pending")).isZero();
            } finally {
                again.close();
            }
        }
    }
}
