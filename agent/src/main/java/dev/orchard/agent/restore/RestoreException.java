package dev.orchard.agent.restore;

/** A restore that cannot finish; {@link #kind()} says whose fault, the message says what happened. */
public class RestoreException extends Exception {

    /** Failure classes, mapped to the agent's exit codes. */
    public enum Kind {
        /** The target cannot be opened, is too small, or an I/O error hit it. */
        TARGET,
        /** The server stayed unreachable or refused, after the bounded retries. */
        TRANSFER,
        /** Bytes were wrong twice, the whole image's digest differs, or the image changed on the server. */
        VERIFY
    }

    private final Kind kind;

    public RestoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public RestoreException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
