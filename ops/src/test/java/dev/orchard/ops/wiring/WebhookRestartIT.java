package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.ops.webhooks.IndependentHmac;
import dev.orchard.ops.webhooks.WebhookReceiver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks through the whole server, {@code java -jar orchard.jar serve} as a child process: agent events posted
 * to the real agent API while the receiver is down are acknowledged (202); the server is killed with SIGKILL
 * (nothing flushed on the way out) with every delivery still pending; once the receiver is up and the server is
 * started again, every stage change and the failure arrives, once, in order, signed (checked by Python's hmac
 * module), with the Mac's serial from the journal, and the metrics count them.
 */
class WebhookRestartIT {

    private static final String MAC = "02:00:0a:00:00:81";
    private static final String SECRET = "Yx81-webhook-secret-4d7e0c2a";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void eventsAcknowledgedBeforeAKillAreDeliveredAfterTheRestart() throws Exception {
        Assumptions.assumeTrue(IndependentHmac.available(), "needs /usr/bin/openssl and /usr/bin/python3");
        Assumptions.assumeTrue(Files.exists(ChildServer.JAR), "needs ops/target/orchard.jar (mvn package)");
        Path secret = dir.resolve("webhook-secret");
        Files.writeString(secret, SECRET + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int port = ChildServer.freeTcpPort();
        ChildServer child = ChildServer.prepare(dir);
        Files.writeString(child.config, Files.readString(child.config) + "\nwebhooks:\n  - url: http://127.0.0.1:"
                + port + "/orchard-hook\n    secret: {file: " + secret + "}\n    retry_first_ms: 50\n"
                + "    retry_max_seconds: 1\n");
        List<Long> expectedSeqs = new ArrayList<>();
        try (ChildServer running = child.start()) {
            JsonNode plan = running.plan(http, MAC, "C02HOOK0081");
            String[][] sequence = {{"plan", "started"}, {"plan", "succeeded"}, {"erase", "started"},
                    {"erase", "succeeded"}, {"restore", "started"}, {"restore", "progress"}, {"restore", "progress"},
                    {"restore", "failed"}};
            for (int i = 0; i < sequence.length; i++) {
                long seq = i + 1;
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(running.url(
                                plan.get("events").asText()))).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + plan.get("token").asText())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ServeFixture.event(seq, null, sequence[i][0],
                                sequence[i][1], null, null))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("event %d: %s", seq, r.body()).isEqualTo(202);
                if (!sequence[i][1].equals("progress")) {
                    expectedSeqs.add(seq);
                }
            }
            assertThat(ServeFixture.sample(metrics(running), "orchard_webhook_pending")).isEqualTo(expectedSeqs.size());
            running.kill(); // SIGKILL: whatever is not on disk now is lost
        }

        try (WebhookReceiver receiver = WebhookReceiver.down(port).answer(200).listen(port);
             ChildServer again = child.start()) {
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
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ServeFixture.sample(metrics(again), "orchard_webhook_pending") > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            String scrape = metrics(again);
            assertThat(ServeFixture.sample(scrape, "orchard_webhook_deliveries_total{outcome=\"delivered\"}"))
                    .isEqualTo(expectedSeqs.size());
            assertThat(ServeFixture.sample(scrape, "orchard_webhook_pending")).isZero();
        }
    }

    private String metrics(ChildServer child) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(child.url("/metrics"))).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
