package dev.orchard.http.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the access log: a request and how its response ended, handed to the {@link AccessLogSink} when the
 * response was completely written, or when the connection closed before that ({@code aborted}).
 *
 * @param start     when the request reached the handler
 * @param path      the request target with the values of query parameters not known to be harmless masked
 * @param protocol  {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param status    the status sent; 0 when the connection closed before any response
 * @param bytes     body bytes the kernel accepted (headers not counted, as in the Common Log Format)
 * @param nanos     from the request to the end of the response (or the close)
 * @param remote    the client's address, {@code ip:port}
 * @param userAgent the {@code User-Agent} header, or null
 * @param referer   the {@code Referer} header, or null
 * @param aborted   the response did not end: the client went away, the transfer failed, or the server closed
 */
public record AccessLogEntry(Instant start, String method, String path, String protocol, int status, long bytes,
                             long nanos, String remote, String userAgent, String referer, RouteClass route,
                             boolean aborted) {

    public AccessLogEntry {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(route, "route");
    }
}
