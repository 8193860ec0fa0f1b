package dev.orchard.ops.webhooks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox on a real file: bounded per receiver (the oldest is dropped, counted), durable across a reopen,
 * a torn tail cut off, settled deliveries gone after a reopen, deliveries of removed receivers settled as
 * unconfigured, and the file rewritten smaller once most of it is settled.
 */
class OutboxTest {

    static final String A = "http://127.0.0.1:9/a";
    static final String B = "http://127.0.0.1:9/b";

    @TempDir
    Path dir;

    static Delivery delivery(String receiver, int n) {
        return new Delivery(receiver, "id-" + n, "machine.stage", Instant.parse("2026-12-05T07:00:00Z").plusSeconds(n),
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    static List<String> drain(Outbox o, String receiver) {
        List<String> ids = new ArrayList<>();
        Delivery d;
        while ((d = o.head(receiver)) != null) {
            ids.add(d.id());
            o.settle(receiver, d.id(), WebhookMetrics.Outcome.DELIVERED);
        }
        return ids;
    }

    @Test
    void aFullReceiverDropsItsOldestCountedAndKeepsTheNewestAcrossAReopen() throws Exception {
        CountingWebhookMetrics metrics = new CountingWebhookMetrics();
        try (Outbox o = Outbox.open(dir, Map.of(A, 5, B, 100), 1 << 20, metrics)) {
            for (int i = 1; i <= 12; i++) {
                o.add(List.of(delivery(A, i), delivery(B, i))).join();
            }
            assertThat(o.waiting()).isEqualTo(5 + 12);
            assertThat(metrics.outcomes(WebhookMetrics.Outcome.DROPPED)).isEqualTo(7);
            assertThat(metrics.pending()).isEqualTo(17);
        }
        try (Outbox o = Outbox.open(dir, Map.of(A, 5, B, 100), 1 << 20, WebhookMetrics.NOOP)) {
            assertThat(drain(o, A)).containsExactly("id-8", "id-9", "id-10", "id-11", "id-12");
            assertThat(drain(o, B)).hasSize(12).startsWith("id-1").endsWith("id-12");
        }
        try (Outbox o = Outbox.open(dir, Map.of(A, 5, B, 100), 1 << 20, WebhookMetrics.NOOP)) {
            assertThat(o.waiting()).as("settled deliveries do not come back").isZero();
        }
    }

    @Test
    void aTornTailIsCutAndWhatCameBeforeItIsKept() throws Exception {
        try (Outbox o = Outbox.open(dir, Map.of(A, 100), 1 << 20, WebhookMetrics.NOOP)) {
            o.add(List.of(delivery(A, 1), delivery(A, 2))).join();
        }
        Path file = dir.resolve(Outbox.FILE);
        long whole = Files.size(file);
        // half a frame: a length that promises more than follows, as a crash in the middle of a write leaves it
        Files.write(file, new byte[] {0, 0, 0, 90, 1, 2, 3, 4, '{', '"'}, StandardOpenOption.APPEND);
        try (Outbox o = Outbox.open(dir, Map.of(A, 100), 1 << 20, WebhookMetrics.NOOP)) {
            assertThat(Files.size(file)).isEqualTo(whole);
            assertThat(drain(o, A)).containsExactly("id-1", "id-2");
        }
        // a flipped byte inside the last frame fails its checksum: it is cut, the first survives
        try (Outbox o = Outbox.open(dir, Map.of(A, 100), 1 << 20, WebhookMetrics.NOOP)) {
            o.add(List.of(delivery(A, 3), delivery(A, 4))).join();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x20;
        Files.write(file, bytes);
        try (Outbox o = Outbox.open(dir, Map.of(A, 100), 1 << 20, WebhookMetrics.NOOP)) {
            assertThat(drain(o, A)).containsExactly("id-3");
        }
    }

    @Test
    void deliveriesForAReceiverNoLongerConfiguredAreSettledAsUnconfigured() throws Exception {
        try (Outbox o = Outbox.open(dir, Map.of(A, 100, B, 100), 1 << 20, WebhookMetrics.NOOP)) {
            o.add(List.of(delivery(A, 1), delivery(B, 1), delivery(B, 2))).join();
        }
        CountingWebhookMetrics metrics = new CountingWebhookMetrics();
        try (Outbox o = Outbox.open(dir, Map.of(A, 100), 1 << 20, metrics)) {
            assertThat(metrics.outcomes(WebhookMetrics.Outcome.UNCONFIGURED)).isEqualTo(2);
            assertThat(drain(o, A)).containsExactly("id-1");
        }
    }

    @Test
    void theFileIsRewrittenWithWhatWaitsOnceMostOfItIsSettled() throws Exception {
        try (Outbox o = Outbox.open(dir, Map.of(A, 10_000), 16 * 1024, WebhookMetrics.NOOP)) {
            for (int round = 0; round < 200; round++) {
                List<Delivery> batch = new ArrayList<>();
                for (int i = round * 10; i < round * 10 + 10; i++) {
                    batch.add(delivery(A, i));
                }
                o.add(batch).join();
                for (int i = round * 10; i < round * 10 + 10 && i < 1990; i++) {
                    o.settle(A, "id-" + i, WebhookMetrics.Outcome.DELIVERED);
                }
            }
            o.add(List.of(delivery(A, 5000))).join(); // one more batch, after which the writer compacts
            assertThat(Files.size(dir.resolve(Outbox.FILE))).as("rewritten to about what waits").isLessThan(16 * 1024);
        }
        try (Outbox o = Outbox.open(dir, Map.of(A, 10_000), 16 * 1024, WebhookMetrics.NOOP)) {
            List<String> left = drain(o, A);
            assertThat(left).hasSize(11).startsWith("id-1990").endsWith("id-5000");
        }
    }
}
