package dev.orchard.http.api;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to the lab page (docs/lab-page.md), free of Netty types: method, clean path segments, query,
 * the few headers the page reads, the (size-capped) body, the client, and whether it came over TLS (the
 * session cookie is then {@code Secure}).
 *
 * @param headers lower-case name → first value, only {@link #HEADERS}
 */
public record PageRequest(String method, List<String> path, Map<String, List<String>> query,
                          Map<String, String> headers, byte[] body, InetAddress client, boolean tls) {

    /** {@code X-Orchard-CSRF}: the session's CSRF token, sent by the page's scripts with every POST. */
    public static final String CSRF_HEADER = "x-orchard-csrf";

    /** The headers the page reads. */
    public static final List<String> HEADERS = List.of("cookie", "content-type", "last-event-id", CSRF_HEADER);

    public PageRequest {
        Objects.requireNonNull(method, "method");
        path = List.copyOf(path);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(client, "client");
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /** The single value of a query parameter (the first when repeated). */
    public Optional<String> param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The cookies sent (RFC 6265 §5.4: {@code name=value} pairs separated by "; "); the first of a name wins. */
    public Map<String, String> cookies() {
        Map<String, String> out = new HashMap<>();
        for (String pair : header("cookie").orElse("").split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
