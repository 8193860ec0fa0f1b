package dev.orchard.agent.api;

import java.io.IOException;

/** The server answered an API call with an error ({@code {"status", "error", "message"}}). */
public class ApiException extends IOException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
