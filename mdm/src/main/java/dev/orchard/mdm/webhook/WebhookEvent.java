package dev.orchard.mdm.webhook;

import java.util.Map;
import java.util.Optional;

/**
 * One event NanoMDM posted to its webhook URL ({@code service/webhook/event.go EventJson}), read by
 * {@link WebhookParser}. NanoMDM sends each from its own goroutine without retry
 * ({@code service/multi/multi.go runOthers}, {@code service/webhook/service.go send}): events can arrive out
 * of order, and one that fails is lost.
 */
public sealed interface WebhookEvent {

    /** The {@code topic}, e.g. {@code mdm.Connect}. */
    String topic();

    /** {@code event_id} (NanoMDM's trace ID of the device's request), when sent. */
    Optional<String> eventId();

    /**
     * {@code mdm.Connect}: a device's command report ({@code acknowledge_event}).
     *
     * @param udid        {@code udid}, or the enrollment ID ({@code ids.id}) when the report has none
     * @param commandUuid {@code command_uuid}; empty for {@code Idle}
     * @param report      the device's report plist ({@code raw_payload}), as maps, lists, strings, numbers,
     *                    booleans, byte arrays and {@link java.time.Instant}s
     */
    record CommandReport(String topic, Optional<String> eventId, String udid, ReportStatus status,
                         Optional<String> commandUuid, Map<String, Object> report) implements WebhookEvent {
        public CommandReport {
            report = Map.copyOf(report);
        }
    }

    /**
     * A check-in message ({@code checkin_event}): Authenticate, TokenUpdate, CheckOut, ….
     *
     * @param serialNumber {@code SerialNumber} of the message (Authenticate carries it)
     * @param message      the check-in plist ({@code raw_payload}) as plain values
     */
    record CheckIn(String topic, Optional<String> eventId, CheckInType type, String udid,
                   Optional<String> serialNumber, Map<String, Object> message) implements WebhookEvent {
        public CheckIn {
            message = Map.copyOf(message);
        }
    }

    /** A topic this reader does not know (NanoMDM may add some): well-formed, nothing to do. */
    record Unknown(String topic, Optional<String> eventId) implements WebhookEvent {
    }
}
