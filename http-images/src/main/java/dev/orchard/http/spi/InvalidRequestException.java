package dev.orchard.http.spi;

/**
 * A port refuses what the client sent (an event the journal cannot take, a filter value that names nothing):
 * the server answers 400 with this message. Anything else a port fails with is the server's problem (an
 * event is then answered 503 and the agent retries; retrying an invalid event would get the same answer
 * forever).
 */
public final class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
