package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /api/v1/admin/tickets}: an enrollment code for one agent run of {@code mac}
 * (docs/agent-api.md, "Tickets"), bound to {@code address} when given, valid {@code ttlSeconds}
 * (the server's default when absent).
 */
public record TicketRequest(String mac, String address, Long ttlSeconds) {

    /** Longest lifetime an admin may give a code: a week. */
    public static final long MAX_TTL_SECONDS = 7 * 24 * 3600L;

    @JsonCreator
    public TicketRequest(@JsonProperty("mac") String mac, @JsonProperty("address") String address,
                         @JsonProperty("ttlSeconds") Long ttlSeconds) {
        if (mac == null || mac.isBlank()) {
            throw new IllegalArgumentException("mac is required");
        }
        if (ttlSeconds != null && (ttlSeconds < 60 || ttlSeconds > MAX_TTL_SECONDS)) {
            throw new IllegalArgumentException("ttlSeconds must be between 60 and " + MAX_TTL_SECONDS);
        }
        this.mac = mac;
        this.address = address;
        this.ttlSeconds = ttlSeconds;
    }
}
