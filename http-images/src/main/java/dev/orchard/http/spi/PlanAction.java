package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a plan asks the agent to do (docs/agent-api.md, "action"). */
public enum PlanAction {
    RESTORE, INSTALL, THIN, NONE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
