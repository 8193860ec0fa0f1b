package dev.orchard.http.spi;

import java.util.Objects;

/**
 * The outcome of an admin action (policy reload, image rescan). Not {@code ok} is answered 422 with the
 * message (e.g. the new policy file was rejected and the running policy stays).
 */
public record AdminResult(boolean ok, String message) {
    public AdminResult {
        Objects.requireNonNull(message, "message");
    }

    public static AdminResult ok(String message) {
        return new AdminResult(true, message);
    }

    public static AdminResult failed(String message) {
        return new AdminResult(false, message);
    }
}
