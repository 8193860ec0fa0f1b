package dev.orchard.agent.transfer;

import java.io.IOException;

/** The server answered with a status the transfer cannot use; 5xx, 408 and 429 are worth a retry. */
public class HttpStatusException extends IOException {

    private final int status;

    public HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return isRetryableStatus(status);
    }

    /** 5xx (a server restarting or overloaded), 408 and 429: try again later. */
    public static boolean isRetryableStatus(int status) {
        return status >= 500 || status == 408 || status == 429;
    }
}
