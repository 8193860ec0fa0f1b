package dev.orchard.ops.config;

import java.util.Objects;

/**
 * One thing wrong (or suspicious) in the configuration, with where it was written.
 * {@link #toString()} prints the compiler-style line {@code file:line:col: error: message} that
 * {@code orchard validate} lists and the reload log shows.
 */
public record ConfigProblem(Severity severity, SourceLocation at, String message) {

    /** Errors reject the configuration; warnings are printed and the configuration is used. */
    public enum Severity {
        ERROR, WARNING;

        String label() {
            return this == ERROR ? "error" : "warning";
        }
    }

    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return at + ": " + severity.label() + ": " + message;
    }
}
