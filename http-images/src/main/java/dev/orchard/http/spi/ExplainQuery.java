package dev.orchard.http.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The Mac to explain ({@code GET /api/v1/admin/explain}), as the admin typed it: the admin port parses it
 * exactly as {@code orchard explain} parses its options, so both answer the same (a value it refuses is an
 * {@link InvalidRequestException}).
 */
public record ExplainQuery(String mac, Optional<String> serial, Optional<String> model, Optional<String> ip) {

    /** The parameter names of the endpoint. */
    public static final java.util.List<String> PARAMETERS = java.util.List.of("mac", "serial", "model", "ip");

    public ExplainQuery {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(ip, "ip");
    }
}
