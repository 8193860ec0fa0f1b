package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The closed set of event results of the contract. */
public enum EventResult {
    STARTED, PROGRESS, SUCCEEDED, FAILED, SKIPPED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
