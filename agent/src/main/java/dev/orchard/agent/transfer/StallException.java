package dev.orchard.agent.transfer;

import java.io.IOException;

/** Nothing arrived for the stall timeout: the connection is dropped and the transfer resumed. */
public class StallException extends IOException {

    public StallException(String message) {
        super(message);
    }
}
