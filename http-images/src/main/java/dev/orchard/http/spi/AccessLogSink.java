package dev.orchard.http.spi;

/**
 * Where access log lines go ({@code ops} formats and writes them; docs/http.md, "Access log"). Called on event
 * loops: implementations must not block (queue the line) and must never throw.
 */
@FunctionalInterface
public interface AccessLogSink {

    void log(AccessLogEntry entry);

    /** No access log (the default). */
    AccessLogSink NONE = entry -> {
    };
}
