package dev.orchard.ops.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.orchard.ops.config.Webhook;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON body of a webhook (docs/webhooks.md, "Payload"), made from a stored agent event and what the
 * journal knows of its Mac. Field names follow the agent API's (camelCase). {@code progress} events are not
 * sent: a restore reports one per chunk, and receivers want transitions.
 *
 * @param trigger which {@code events:} filter lets it through
 */
record WebhookPayload(String id, String type, Webhook.Trigger trigger, byte[] body) {

    static final String STAGE = "machine.stage";
    static final String FAILURE = "machine.failure";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** The body as it is serialised: the order of the components is the order of the JSON fields. */
    record Body(int version, String id, String type, Instant occurredAt, Instant receivedAt, Machine machine,
                String runId, long seq, String stage, String step, String result, Long bytesDone, Long bytesTotal,
                String message) {
    }

    /** Who the Mac is, as far as the journal knows (from its BSDP request and the inventory). */
    record Machine(String mac, String serial, String model, String name, String policy, String action) {
    }

    /** The payload for {@code e}, or empty for events no receiver is told about ({@code progress}). */
    static Optional<WebhookPayload> of(MachineEvent e, MachineStatus status) {
        if (e.result() == EventResult.PROGRESS) {
            return Optional.empty();
        }
        boolean failed = e.result() == EventResult.FAILED;
        String id = eventId(e);
        String type = failed ? FAILURE : STAGE;
        Machine machine = status == null ? new Machine(e.mac(), null, null, null, null, null)
                : new Machine(e.mac(), status.serial(), status.model(), status.name(), status.policy(),
                status.action());
        Body body = new Body(1, id, type, e.at() != null ? e.at() : e.receivedAt(), e.receivedAt(), machine, e.runId(),
                e.seq(), e.stage().wireName(), e.step(), e.result().wireName(), e.bytesDone(), e.bytesTotal(),
                e.message());
        try {
            return Optional.of(new WebhookPayload(id, type, failed ? Webhook.Trigger.FAILURE : Webhook.Trigger.STAGE,
                    JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode a webhook body", ex);
        }
    }

    /** The body of an MDM erase flow's stage change (docs/webhooks.md, "Erase flow stages"). */
    record EraseBody(int version, String id, String type, Instant occurredAt, Instant receivedAt, Machine machine,
                     String flow, String flowId, String stage, String result, String reason, String message) {
    }

    /**
     * The payload for the erase flow of {@code s.mac()} having entered {@code s.stage()}: {@code failed} (the flow
     * ended without the Mac set up: refused, failed, timed out) makes it a failure, else a stage change. Its id
     * is stable for the Mac, flow and stage, so the same stage change offered twice is one delivery.
     */
    static WebhookPayload ofErase(EraseStep s, MachineStatus status, boolean ended, boolean failed) {
        String key = "orchard-erase\n" + s.mac() + "\n" + s.flowId() + "\n" + s.stage();
        String id = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        String type = failed ? FAILURE : STAGE;
        Machine machine = status == null ? new Machine(s.mac(), null, null, null, null, null)
                : new Machine(s.mac(), status.serial(), status.model(), status.name(), status.policy(), status.action());
        EraseBody body = new EraseBody(1, id, type, s.stageSince(), s.receivedAt(), machine, "mdm-erase", s.flowId(),
                s.stage(), failed ? "failed" : ended ? "succeeded" : "started", s.reason(), s.detail());
        try {
            return new WebhookPayload(id, type, failed ? Webhook.Trigger.FAILURE : Webhook.Trigger.STAGE,
                    JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode a webhook body", ex);
        }
    }

    /**
     * The event's stable id: a name-based UUID of the journal's own identity of the event (MAC, run id, seq;
     * docs/journal.md), so a retried post of the same event, and the same event after a restart, has it too.
     */
    static String eventId(MachineEvent e) {
        String key = "orchard-event\n" + e.mac() + "\n" + (e.runId() == null ? "" : e.runId()) + "\n" + e.seq();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
