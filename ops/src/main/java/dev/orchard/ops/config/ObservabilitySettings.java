package dev.orchard.ops.config;

import java.util.Locale;

/** Metrics and logging settings (section {@code metrics} and {@code logging}). */
public final class ObservabilitySettings {

    private ObservabilitySettings() {
    }

    /** {@code metrics:}; {@code enabled: false} removes {@code /metrics}. */
    public record Metrics(boolean enabled) {
        public static final Metrics DEFAULTS = new Metrics(true);
    }

    /**
     * {@code logging:}; the level applies to Orchard's own loggers.
     *
     * @param accessLog the HTTP access log (docs/http.md, "Access log"); null: none (the default)
     */
    public record Logging(LogFormat format, String level, AccessLog accessLog) {
        public static final Logging DEFAULTS = new Logging(LogFormat.TEXT, "info");

        public Logging(LogFormat format, String level) {
            this(format, level, null);
        }
    }

    /**
     * {@code logging.access_log:} one line per HTTP request.
     *
     * @param path the file lines are appended to; null: standard output (written {@code path: stdout})
     */
    public record AccessLog(LogFormat format, java.nio.file.Path path) {
    }

    /** Log line format: human text, or one JSON object per line for log shippers. */
    public enum LogFormat {
        TEXT, JSON;

        public static LogFormat parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("'" + text + "' is not a log format; expected text or json");
            };
        }
    }
}
