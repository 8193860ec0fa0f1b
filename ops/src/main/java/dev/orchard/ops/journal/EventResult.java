package dev.orchard.ops.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The closed set of event results of docs/agent-api.md. */
public enum EventResult {
    STARTED, PROGRESS, SUCCEEDED, FAILED, SKIPPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventResult parse(String text) {
        for (EventResult r : values()) {
            if (r.wireName().equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a result; expected one of: "
                + Arrays.stream(values()).map(EventResult::wireName).collect(Collectors.joining(", ")));
    }
}
