package dev.orchard.mdmsim;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link SimulatedMac} answers one command it fetched. A report's {@code Status} is one of Apple's
 * (Acknowledged, Error, CommandFormatError, NotNow); the other fields go into the report plist beside
 * {@code CommandUUID}, {@code Status} and {@code UDID}.
 *
 * @param status   the report's Status; empty: the Mac takes the command and goes silent (never answers)
 * @param response extra report keys (e.g. {@code QueryResponses}, {@code ErrorChain})
 * @param erase    for an erase: whether the Mac reports before it wipes itself, and when (if ever) it enrolls again
 */
public record Reaction(Optional<String> status, Map<String, Object> response, Optional<Erase> erase) {

    /**
     * The Mac wipes itself. {@code reportFirst}: it sends its Acknowledged report before going dark (EACS does;
     * a lost report is the other case). {@code returnAfter}: it re-enrolls (Authenticate, TokenUpdate) after
     * this long; empty: only when the test calls {@link SimulatedMac#comeBack()}, or never.
     */
    public record Erase(boolean reportFirst, Optional<Duration> returnAfter) {
    }

    public Reaction {
        response = Map.copyOf(response);
    }

    public static Reaction acknowledge() {
        return acknowledge(Map.of());
    }

    public static Reaction acknowledge(Map<String, Object> response) {
        return new Reaction(Optional.of("Acknowledged"), response, Optional.empty());
    }

    /** {@code Error} with one ErrorChain entry, as a Mac reports a command it could not carry out. */
    public static Reaction error(int code, String domain, String description) {
        return new Reaction(Optional.of("Error"), Map.of("ErrorChain", List.of(Map.of(
                "ErrorCode", code, "ErrorDomain", domain, "LocalizedDescription", description,
                "USEnglishDescription", description))), Optional.empty());
    }

    public static Reaction commandFormatError() {
        return new Reaction(Optional.of("CommandFormatError"), Map.of(), Optional.empty());
    }

    /** {@code NotNow}: the command stays queued and comes again at the Mac's next connection. */
    public static Reaction notNow() {
        return new Reaction(Optional.of("NotNow"), Map.of(), Optional.empty());
    }

    /** The Mac fetches the command and is never heard of again (switched off, network gone). */
    public static Reaction silent() {
        return new Reaction(Optional.empty(), Map.of(), Optional.empty());
    }

    /** Acknowledged, wiped, enrolled again after {@code after}. */
    public static Reaction eraseAndReturnAfter(Duration after) {
        return new Reaction(Optional.of("Acknowledged"), Map.of(), Optional.of(new Erase(true, Optional.of(after))));
    }

    /** Acknowledged, wiped, back only when the test calls {@link SimulatedMac#comeBack()} (if ever). */
    public static Reaction eraseAndStayAway() {
        return new Reaction(Optional.of("Acknowledged"), Map.of(), Optional.of(new Erase(true, Optional.empty())));
    }

    /** Wiped before its report went out (the report is lost), enrolled again after {@code after}. */
    public static Reaction eraseWithoutReport(Duration after) {
        return new Reaction(Optional.empty(), Map.of(), Optional.of(new Erase(false, Optional.of(after))));
    }
}
