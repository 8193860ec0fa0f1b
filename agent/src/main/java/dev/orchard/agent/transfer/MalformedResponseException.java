package dev.orchard.agent.transfer;

import java.io.IOException;

/** The server's response is not HTTP the agent can read (a retry may help: it may be a half-dead proxy). */
public class MalformedResponseException extends IOException {

    public MalformedResponseException(String message) {
        super(message);
    }
}
