package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The closed set of stages of the contract. */
public enum Stage {
    PLAN, ERASE, RESTORE, VERIFY, INSTALL, WORKFLOW, BLESS, REBOOT, DONE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
