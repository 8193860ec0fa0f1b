package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;

import java.time.Instant;
import java.util.Objects;

/**
 * A progress event from the restore agent, as posted to {@code /api/v1/machines/{mac}/events}
 * (docs/agent-api.md). {@code (mac, runId, seq)} identifies it: a retried post with the same key is
 * acknowledged but not stored twice.
 *
 * @param runId      the agent run's id, or null when the agent sent none
 * @param seq        the agent's counter, increasing within a run
 * @param step       for {@code workflow}, the step's {@code type:name}; else null
 * @param at         when the agent says it happened (may be null)
 * @param receivedAt when the server received it (set by the journal)
 */
public record MachineEvent(String mac, String runId, long seq, Stage stage, String step, EventResult result,
                           Long bytesDone, Long bytesTotal, String message, Instant at, Instant receivedAt)
        implements JournalRecord {

    /** The agent API's limit; longer messages (script output) are cut to their tail. */
    public static final int MAX_MESSAGE = 4096;

    public MachineEvent {
        mac = MacAddress.parse(Objects.requireNonNull(mac, "mac")).toString();
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(result, "result");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(message.length() - MAX_MESSAGE);
        }
    }

    @Override
    public MachineEvent receivedAt(Instant when) {
        return new MachineEvent(mac, runId, seq, stage, step, result, bytesDone, bytesTotal, message, at, when);
    }

    /** The idempotency key within a machine. */
    String key() {
        return (runId == null ? "" : runId) + "#" + seq;
    }
}
