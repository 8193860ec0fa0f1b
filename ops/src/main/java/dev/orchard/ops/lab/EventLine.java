package dev.orchard.ops.lab;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's console line for one event — {@code stage[ step] result[ n/m bytes][: message]}, e.g.
 * {@code workflow script:hello succeeded: …} — and tells it from its other lines (retries, refused
 * deliveries). The stages and results are the closed sets of docs/agent-api.md.
 */
final class EventLine {

    private static final Pattern EVENT = Pattern.compile(
            "^(plan|erase|restore|verify|install|workflow|bless|reboot|done)(?: (\\S+?))?"
                    + " (started|progress|succeeded|failed|skipped)(?=$|:| \\d)");

    private EventLine() {
    }

    /** {@code "stage[ step] result"}, or empty when the line is not an event. */
    static Optional<String> key(String line) {
        Matcher m = EVENT.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) + (m.group(2) == null ? "" : " " + m.group(2)) + " " + m.group(3));
    }
}
