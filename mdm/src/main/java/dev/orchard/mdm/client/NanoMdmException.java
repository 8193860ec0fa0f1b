package dev.orchard.mdm.client;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A NanoMDM API call that did not succeed. {@code retryable}: NanoMDM could not be reached, timed out, or
 * answered 5xx (storage or APNs trouble), so the same call may succeed later; not retryable: the API key was
 * refused (401), any other 4xx or 3xx (a wrong URL), or NanoMDM could not decode the command itself.
 */
public final class NanoMdmException extends Exception {

    private final boolean retryable;
    private final Integer httpStatus;
    private final transient ApiResult result;

    public NanoMdmException(String message, boolean retryable, Integer httpStatus, ApiResult result, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.result = result;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status, when NanoMDM (or a proxy before it) answered. */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** NanoMDM's JSON answer, when there was one that could be read. */
    public Optional<ApiResult> result() {
        return Optional.ofNullable(result);
    }
}
