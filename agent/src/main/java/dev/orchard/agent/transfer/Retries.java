package dev.orchard.agent.transfer;

import java.io.IOException;

/** Which transfer failures are worth another attempt. */
public final class Retries {

    private Retries() {
    }

    /**
     * Connection errors, stalls, truncated bodies, unreadable responses and 5xx/408/429 are retried;
     * a changed resource and other statuses (404, 403…) are not: another attempt would end the same.
     */
    public static boolean retryable(IOException e) {
        if (e instanceof ResourceChangedException || e instanceof VerificationException) {
            return false;
        }
        if (e instanceof HttpStatusException status) {
            return status.retryable();
        }
        return true;
    }

    /** The exception's message, or its type when it has none (the JDK's ConnectException often has none). */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
