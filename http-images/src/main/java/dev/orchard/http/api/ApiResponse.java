package dev.orchard.http.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/** A complete API answer: status, content type, body and extra headers. */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public ApiResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, ApiJson.write(value), Map.of());
    }

    public static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code {"status":…,"error":"<reason phrase>","message":…}} as docs/agent-api.md requires. */
    public static ApiResponse error(ApiException e) {
        ApiResponse r = json(e.status(), new ErrorBody(e.status(), ReasonPhrases.of(e.status()), e.getMessage()));
        return e.headers().isEmpty() ? r : new ApiResponse(r.status, r.contentType, r.body, e.headers());
    }

    /** The error body of docs/agent-api.md. */
    public record ErrorBody(int status, String error, String message) {
    }
}
