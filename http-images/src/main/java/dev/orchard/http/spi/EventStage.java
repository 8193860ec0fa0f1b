package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The closed set of stages an agent reports (docs/agent-api.md, "Events"). */
public enum EventStage {
    PLAN, ERASE, RESTORE, VERIFY, INSTALL, WORKFLOW, BLESS, REBOOT, DONE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Strict: only the lower-case wire names; anything else is a 400 for the request. */
    @JsonCreator
    public static EventStage fromWire(String value) {
        for (EventStage s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + value + "'; expected one of: "
                + Arrays.stream(values()).map(v -> v.wireName()).collect(Collectors.joining(", ")));
    }
}
