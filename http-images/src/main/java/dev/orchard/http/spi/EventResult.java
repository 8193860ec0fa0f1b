package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The closed set of results an agent reports (docs/agent-api.md, "Events"). */
public enum EventResult {
    STARTED, PROGRESS, SUCCEEDED, FAILED, SKIPPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Strict: only the lower-case wire names. */
    @JsonCreator
    public static EventResult fromWire(String value) {
        for (EventResult r : values()) {
            if (r.wireName().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown result '" + value + "'; expected one of: "
                + Arrays.stream(values()).map(v -> v.wireName()).collect(Collectors.joining(", ")));
    }
}
