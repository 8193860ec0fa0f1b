package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A progress event posted by the agent (docs/agent-api.md, "Events"), validated by the compact constructor:
 * a violation is a 400 for the request.
 *
 * @param seq        the agent's counter, increasing per run; with {@code runId} it makes a retry idempotent
 * @param runId      optional
 * @param step       for {@code workflow}: {@code type:name} of the step; otherwise null
 * @param bytesDone  optional, 64-bit
 * @param bytesTotal optional, 64-bit
 * @param message    optional, at most {@link #MAX_MESSAGE} characters
 * @param at         optional, when the agent saw it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineEvent(long seq, String runId, EventStage stage, String step, EventResult result,
                           Long bytesDone, Long bytesTotal, String message, Instant at) {

    /** Longest message accepted; agents truncate script output to its tail. */
    public static final int MAX_MESSAGE = 4096;

    public MachineEvent {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0");
        }
        if (stage == null) {
            throw new IllegalArgumentException("stage is required");
        }
        if (result == null) {
            throw new IllegalArgumentException("result is required");
        }
        if (bytesDone != null && bytesDone < 0 || bytesTotal != null && bytesTotal < 0) {
            throw new IllegalArgumentException("bytesDone and bytesTotal must be >= 0");
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("message is longer than " + MAX_MESSAGE + " characters");
        }
        if (runId != null && runId.length() > 200 || step != null && step.length() > 400) {
            throw new IllegalArgumentException("runId or step is too long");
        }
    }

    /** This event as part of run {@code id} (the server stamps the run its token was issued for). */
    public MachineEvent withRunId(String id) {
        return new MachineEvent(seq, id, stage, step, result, bytesDone, bytesTotal, message, at);
    }
}
