package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A progress event posted by the agent (docs/agent-api.md, "Events"), validated by the compact constructor:
 * a violation is a 400 for the request, never a failure of the events port (which the agent would retry).
 *
 * @param seq        the agent's counter, increasing per run; with {@code runId} it makes a retry idempotent
 * @param runId      optional; 1 to {@link #MAX_ID} characters, no control characters
 * @param step       for {@code workflow}: {@code type:name} of the step; otherwise null; at most {@link #MAX_STEP}
 * @param bytesDone  optional, 64-bit, not above {@code bytesTotal} when both are given
 * @param bytesTotal optional, 64-bit
 * @param message    optional, at most {@link #MAX_MESSAGE} characters; control characters are kept (script
 *                   output), a lone UTF-16 surrogate (an emoji cut in two by truncation) becomes U+FFFD
 * @param at         optional, when the agent saw it; within the years 0000 to 9999 (RFC 3339)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineEvent(long seq, String runId, EventStage stage, String step, EventResult result,
                           Long bytesDone, Long bytesTotal, String message, Instant at) {

    /** Longest message accepted; agents truncate script output to its tail. */
    public static final int MAX_MESSAGE = 4096;
    /** Longest run id. */
    public static final int MAX_ID = 200;
    /** Longest step name. */
    public static final int MAX_STEP = 400;

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

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
        if (bytesDone != null && bytesTotal != null && bytesDone > bytesTotal) {
            throw new IllegalArgumentException("bytesDone (" + bytesDone + ") is larger than bytesTotal (" + bytesTotal
                    + ")");
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("message is longer than " + MAX_MESSAGE + " characters");
        }
        identifier("runId", runId, MAX_ID);
        identifier("step", step, MAX_STEP);
        if (at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST))) {
            throw new IllegalArgumentException("at must be a time between the years 0000 and 9999");
        }
        message = message == null ? null : wellFormed(message);
    }

    private static void identifier(String name, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1 to " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(name + " must not contain control characters");
            }
            if (Character.isSurrogate(c) && !pairAt(value, i)) {
                throw new IllegalArgumentException(name + " is not valid Unicode (a lone UTF-16 surrogate)");
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
    }

    /** This event as part of run {@code id} (the server stamps the run its token was issued for). */
    public MachineEvent withRunId(String id) {
        return new MachineEvent(seq, id, stage, step, result, bytesDone, bytesTotal, message, at);
    }

    /** True when a surrogate pair starts at {@code i}. */
    private static boolean pairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    /** The text with every lone surrogate replaced by U+FFFD, as a UTF-8 decoder treats a broken sequence. */
    private static String wellFormed(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (pairAt(s, i)) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
