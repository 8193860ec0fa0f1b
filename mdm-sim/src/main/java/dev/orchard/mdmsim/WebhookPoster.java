package dev.orchard.mdmsim;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts events as NanoMDM's webhook service does (NanoMDM {@code service/webhook/service.go}: one POST per
 * event, {@code Content-Type: application/json; charset=utf-8}, body {@code json.Marshal(EventJson)}, only 200
 * counts as success, no retry; with {@code -webhook-hmac-key}, header {@code X-Hmac-Signature} = base64
 * HMAC-SHA256 of the body). Field order is the Go structs' ({@code service/webhook/event.go}). Fault switches
 * lose or duplicate events.
 */
final class WebhookPoster {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<WebhookDelivery> deliveries = new ArrayList<>();
    private final AtomicInteger toLose = new AtomicInteger();
    private volatile URI url;
    private volatile String hmacKey;
    private volatile boolean duplicate;
    private final WebhookFaults faults = new WebhookFaults();

    void target(URI url, String hmacKey) {
        this.url = url;
        this.hmacKey = hmacKey;
    }

    void loseNext(int n) {
        toLose.set(n);
    }

    void duplicate(boolean on) {
        duplicate = on;
    }

    WebhookFaults faults() {
        return faults;
    }

    synchronized List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** {@code mdm.Connect} with an {@code acknowledge_event}. */
    void report(String udid, String status, Optional<String> commandUuid, byte[] rawReport) {
        report(udid, status, commandUuid, rawReport, status);
    }

    /** The same; {@code about} (the command's RequestType, or {@code Idle}) names it for the per-Mac faults. */
    void report(String udid, String status, Optional<String> commandUuid, byte[] rawReport, String about) {
        Map<String, Object> ack = new LinkedHashMap<>();
        commandUuid.ifPresent(u -> ack.put("command_uuid", u));
        ack.put("ids", ids(udid));
        ack.put("raw_payload", Base64.getEncoder().encodeToString(rawReport));
        ack.put("status", status);
        ack.put("udid", udid);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("acknowledge_event", ack);
        post(event, "mdm.Connect", udid, commandUuid, about);
    }

    /** A check-in ({@code mdm.Authenticate}, {@code mdm.TokenUpdate}, …) with a {@code checkin_event}. */
    void checkIn(String topic, String udid, byte[] rawMessage, Integer tokenUpdateTally) {
        Map<String, Object> checkin = new LinkedHashMap<>();
        checkin.put("ids", ids(udid));
        checkin.put("raw_payload", Base64.getEncoder().encodeToString(rawMessage));
        if (tokenUpdateTally != null) {
            checkin.put("token_update_tally", tokenUpdateTally);
        }
        checkin.put("udid", udid);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("checkin_event", checkin);
        post(event, topic, udid, Optional.empty(), topic);
    }

    private void post(Map<String, Object> event, String topic, String udid, Optional<String> commandUuid,
                      String about) {
        event.put("created_at", goTime(Instant.now()));
        event.put("event_id", HexFormat.of().formatHex(randomBytes()));
        event.put("topic", topic);
        String body = GoJson.compact(event);
        if (faults.takeLoss(udid, about) || toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            record(new WebhookDelivery(topic, udid, commandUuid, WebhookDelivery.Outcome.LOST, 0, body));
            return;
        }
        send(body, topic, udid, commandUuid);
        if (duplicate || faults.duplicated(udid)) {
            send(body, topic, udid, commandUuid);
        }
    }

    private void send(String body, String topic, String udid, Optional<String> commandUuid) {
        URI to = url;
        if (to == null) {
            record(new WebhookDelivery(topic, udid, commandUuid, WebhookDelivery.Outcome.NO_URL, 0, body));
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        String key = hmacKey;
        if (key != null) {
            request.header("X-Hmac-Signature", hmac(key, bytes));
        }
        try {
            HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            record(new WebhookDelivery(topic, udid, commandUuid, WebhookDelivery.Outcome.ANSWERED, r.statusCode(), body));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            record(new WebhookDelivery(topic, udid, commandUuid, WebhookDelivery.Outcome.FAILED, 0, body));
        }
    }

    private synchronized void record(WebhookDelivery d) {
        deliveries.add(d);
    }

    private static Map<String, Object> ids(String udid) {
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("id", udid);
        ids.put("type", "Device");
        return ids;
    }

    static String hmac(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's {@code time.RFC3339Nano}: fraction without trailing zeros, none when zero. */
    static String goTime(Instant t) {
        String s = t.toString(); // 2026-12-05T07:00:00.120Z or 2026-12-05T07:00:00Z
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s;
        }
        String fraction = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
        return s.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
