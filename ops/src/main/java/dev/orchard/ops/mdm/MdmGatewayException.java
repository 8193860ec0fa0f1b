package dev.orchard.ops.mdm;

/** The MDM could not take a command: {@code retryable} when it was unreachable or answered 5xx. */
public final class MdmGatewayException extends Exception {

    private final boolean retryable;

    public MdmGatewayException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
