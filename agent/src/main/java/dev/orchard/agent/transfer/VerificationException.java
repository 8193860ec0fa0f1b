package dev.orchard.agent.transfer;

import java.io.IOException;

/**
 * Bytes did not match their sha256 (or size) even after fetching them once more. Never retried further:
 * the restore or the step fails loudly with this message.
 */
public class VerificationException extends IOException {

    public VerificationException(String message) {
        super(message);
    }
}
