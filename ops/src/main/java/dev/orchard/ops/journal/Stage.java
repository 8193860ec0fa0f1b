package dev.orchard.ops.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The closed set of restore stages of docs/agent-api.md, in the order a run goes through them. */
public enum Stage {
    PLAN, ERASE, RESTORE, VERIFY, INSTALL, WORKFLOW, BLESS, REBOOT, DONE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stage parse(String text) {
        for (Stage s : values()) {
            if (s.wireName().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a stage; expected one of: "
                + Arrays.stream(values()).map(Stage::wireName).collect(Collectors.joining(", ")));
    }
}
