package dev.orchard.mdm.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the JSON NanoMDM posts to its webhook URL ({@code service/webhook/event.json}: {@code topic} and
 * {@code created_at} required; {@code acknowledge_event} for {@code mdm.Connect} with {@code status} and
 * {@code raw_payload} required; {@code checkin_event} for the check-ins with {@code raw_payload} required;
 * {@code raw_payload} is the device's plist, base64). Never throws: anything else is a {@link Result.Malformed}
 * with a reason fit for a log line (no payload bytes in it).
 *
 * <pre>{@code
 * switch (WebhookParser.parse(body)) {
 *     case WebhookParser.Result.Parsed p -> handle(p.event());
 *     case WebhookParser.Result.Malformed m -> log.warn("webhook refused: {}", m.reason());
 * }
 * }</pre>
 */
public final class WebhookParser {

    /** What came of one body. */
    public sealed interface Result {
        record Parsed(WebhookEvent event) implements Result {
        }

        record Malformed(String reason) implements Result {
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private WebhookParser() {
    }

    public static Result parse(byte[] body) {
        try {
            return new Result.Parsed(event(body));
        } catch (IllegalArgumentException e) {
            return new Result.Malformed(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new Result.Malformed("unreadable event (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static WebhookEvent event(byte[] body) {
        if (body.length == 0) {
            throw new IllegalArgumentException("the body is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the event is not a JSON object");
        }
        String topic = requiredText(root, "topic", "event");
        requiredText(root, "created_at", "event");
        Optional<String> eventId = optionalText(root, "event_id");
        if (topic.equals("mdm.Connect")) {
            return report(topic, eventId, object(root, "acknowledge_event"));
        }
        Optional<CheckInType> type = CheckInType.ofTopic(topic);
        if (type.isPresent()) {
            return checkIn(topic, eventId, type.get(), object(root, "checkin_event"));
        }
        return new WebhookEvent.Unknown(topic, eventId);
    }

    private static WebhookEvent.CommandReport report(String topic, Optional<String> eventId, JsonNode ack) {
        String statusText = requiredText(ack, "status", "acknowledge_event");
        ReportStatus status = ReportStatus.of(statusText).orElseThrow(() -> new IllegalArgumentException(
                "acknowledge_event.status '" + clip(statusText) + "' is not one of Apple's (Acknowledged, Error,"
                        + " CommandFormatError, NotNow, Idle)"));
        Map<String, Object> report = payload(ack, "acknowledge_event");
        Optional<String> uuid = optionalText(ack, "command_uuid")
                .or(() -> Optional.ofNullable(report.get("CommandUUID")).filter(String.class::isInstance)
                        .map(String.class::cast))
                .filter(s -> !s.isEmpty());
        if (uuid.isEmpty() && status != ReportStatus.IDLE) {
            throw new IllegalArgumentException("acknowledge_event has status " + statusText + " but no command_uuid");
        }
        return new WebhookEvent.CommandReport(topic, eventId, udid(ack, "acknowledge_event"), status, uuid, report);
    }

    private static WebhookEvent.CheckIn checkIn(String topic, Optional<String> eventId, CheckInType type,
                                                JsonNode checkin) {
        Map<String, Object> message = payload(checkin, "checkin_event");
        Optional<String> serial = Optional.ofNullable(message.get("SerialNumber")).filter(String.class::isInstance)
                .map(String.class::cast).filter(s -> !s.isBlank());
        return new WebhookEvent.CheckIn(topic, eventId, type, udid(checkin, "checkin_event"), serial, message);
    }

    /** {@code udid}, else the NanoMDM enrollment ID {@code ids.id} (a device channel's ID is its UDID). */
    private static String udid(JsonNode event, String where) {
        return optionalText(event, "udid").filter(s -> !s.isEmpty())
                .or(() -> optionalText(event.path("ids"), "id").filter(s -> !s.isEmpty()))
                .orElseThrow(() -> new IllegalArgumentException(where + " names no device (no udid, no ids.id)"));
    }

    private static Map<String, Object> payload(JsonNode event, String where) {
        String b64 = requiredText(event, "raw_payload", where);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".raw_payload is not base64");
        }
        if (raw.length == 0) {
            throw new IllegalArgumentException(where + ".raw_payload is empty");
        }
        return PlistValues.dictionary(raw);
    }

    private static JsonNode object(JsonNode root, String key) {
        JsonNode n = root.path(key);
        if (!n.isObject()) {
            throw new IllegalArgumentException("topic " + root.path("topic").asText() + " needs an object '" + key + "'");
        }
        return n;
    }

    private static String requiredText(JsonNode node, String key, String where) {
        JsonNode v = node.path(key);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + "." + key + (v.isMissingNode() || v.isNull() ? " is missing"
                    : " is not a string"));
        }
        return v.asText();
    }

    private static Optional<String> optionalText(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
