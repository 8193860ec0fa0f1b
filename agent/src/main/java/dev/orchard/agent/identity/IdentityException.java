package dev.orchard.agent.identity;

/** The machine's identity could not be found; the message says which part and why. */
public class IdentityException extends RuntimeException {

    public IdentityException(String message) {
        super(message);
    }
}
