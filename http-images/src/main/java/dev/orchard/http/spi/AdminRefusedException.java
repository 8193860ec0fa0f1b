package dev.orchard.http.spi;

/**
 * The admin port will not do what a valid request asks, for now or without more from the admin: the server
 * answers {@code status} (409 a confirmation is missing or wrong, 429 a rate cap is reached) with the
 * message and, when given, the document that explains it (the dry run of what was refused).
 */
public final class AdminRefusedException extends RuntimeException {

    private final int status;
    private final transient java.util.Map<String, Object> body;

    public AdminRefusedException(int status, String message, java.util.Map<String, Object> body) {
        super(message, null, false, false);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a refusal is a 4xx status, not " + status);
        }
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The document sent with the refusal, or null. */
    public java.util.Map<String, Object> body() {
        return body;
    }
}
