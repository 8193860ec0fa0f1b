package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A file the agent downloads and verifies: relative url, sha256 (required), size (optional). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PayloadRef(String url, String sha256, Long size) {

    void validate(String what) {
        if (url == null || url.isBlank()) {
            throw new PlanException(what + " has no url");
        }
        if (!Sha256Hex.isValid(sha256)) {
            throw new PlanException(what + " needs a sha256 of 64 hex digits, got " + sha256);
        }
        if (size != null && size < 0) {
            throw new PlanException(what + " has a negative size");
        }
    }
}
