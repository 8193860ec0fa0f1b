package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One progress report ({@code POST /api/v1/machines/{mac}/events}). {@code seq} and {@code runId} make a
 * retried report idempotent on the server. Optional fields are left out of the JSON when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentEvent(long seq, String runId, Stage stage, String step, EventResult result, Long bytesDone,
                         Long bytesTotal, String message, String at) {

    /** The contract's limit on {@code message}; longer text keeps its tail (script output ends there). */
    public static final int MAX_MESSAGE = 4096;

    public AgentEvent {
        if (message != null && message.length() > MAX_MESSAGE) {
            message = "…" + message.substring(message.length() - (MAX_MESSAGE - 1));
        }
    }

    /** A {@code progress} event: one the reporter may drop when its queue is full (a newer one follows). */
    @JsonIgnore
    public boolean isProgress() {
        return result == EventResult.PROGRESS;
    }
}
