package dev.orchard.http.api;

import dev.orchard.http.spi.RejectReason;

import java.util.Map;
import java.util.Optional;

/** An API failure with its status, a message for the client and, for refusals, a metrics reason. */
public final class ApiException extends Exception {

    private final int status;
    private final transient RejectReason reason;
    private final Map<String, String> headers;

    public ApiException(int status, String message, RejectReason reason, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message, null, Map.of());
    }

    public static ApiException badJson(String message) {
        return new ApiException(400, message, RejectReason.BAD_JSON, Map.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null, Map.of());
    }

    /** 401 with the challenge RFC 6750 §3 asks for. */
    public static ApiException unauthenticated(String message) {
        return new ApiException(401, message, RejectReason.UNAUTHENTICATED,
                Map.of("WWW-Authenticate", "Bearer realm=\"orchard\""));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message, RejectReason.FORBIDDEN, Map.of());
    }

    public static ApiException methodNotAllowed(String allow) {
        return new ApiException(405, "method not allowed here; allowed: " + allow, RejectReason.METHOD_NOT_ALLOWED,
                Map.of("Allow", allow));
    }

    public int status() {
        return status;
    }

    public Optional<RejectReason> reason() {
        return Optional.ofNullable(reason);
    }

    public Map<String, String> headers() {
        return headers;
    }
}
