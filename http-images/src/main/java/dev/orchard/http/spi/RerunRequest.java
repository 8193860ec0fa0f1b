package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /api/v1/admin/rerun}: run {@code mac} again at its next boot, even when it finished
 * (docs/rerun.md). The answer says when the mark was journaled and until when it lets the Mac's agent in.
 */
public record RerunRequest(String mac) {

    @JsonCreator
    public RerunRequest(@JsonProperty("mac") String mac) {
        if (mac == null || mac.isBlank()) {
            throw new IllegalArgumentException("mac is required");
        }
        this.mac = mac;
    }
}
