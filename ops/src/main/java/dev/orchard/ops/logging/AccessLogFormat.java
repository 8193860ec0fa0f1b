package dev.orchard.ops.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.http.spi.AccessLogEntry;
import dev.orchard.ops.config.ObservabilitySettings.LogFormat;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The access log's two line formats (docs/http.md, "Access log").
 * <ul>
 * <li>{@code text}: Apache's "combined" format (httpd.apache.org, mod_log_config), which log tools parse, then
 * three fields of Orchard's: the route class, the duration in milliseconds, and {@code completed} or
 * {@code aborted}:
 * <pre>127.0.0.1 - - [05/Dec/2026:07:41:12 +0000] "GET /images/a.img HTTP/1.1" 206 1000 "-" "curl/8.5.0" image 3.214 completed</pre></li>
 * <li>{@code json}: one object per line with the same facts under plain names.</li>
 * </ul>
 * A status of 0 means the connection closed before any answer.
 */
final class AccessLogFormat {

    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessLogFormat() {
    }

    static String line(LogFormat format, AccessLogEntry e) {
        return format == LogFormat.JSON ? json(e) : text(e);
    }

    static String text(AccessLogEntry e) {
        return host(e.remote()) + " - - [" + CLF_TIME.format(e.start()) + "] \"" + e.method() + " " + e.path() + " "
                + e.protocol() + "\" " + e.status() + " " + (e.bytes() == 0 ? "-" : Long.toString(e.bytes())) + " "
                + quoted(e.referer()) + " " + quoted(e.userAgent()) + " " + e.route().name().toLowerCase(Locale.ROOT)
                + " " + millis(e.nanos()) + " " + (e.aborted() ? "aborted" : "completed");
    }

    static String json(AccessLogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.start().toString());
        m.put("remote_addr", host(e.remote()));
        m.put("remote_port", port(e.remote()));
        m.put("method", e.method());
        m.put("path", e.path());
        m.put("protocol", e.protocol());
        m.put("status", e.status());
        m.put("bytes", e.bytes());
        m.put("duration_ms", Double.parseDouble(millis(e.nanos())));
        m.put("user_agent", e.userAgent());
        m.put("referer", e.referer());
        m.put("route", e.route().name().toLowerCase(Locale.ROOT));
        m.put("aborted", e.aborted());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode an access log line", ex);
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** A header value in double quotes, with quotes, backslashes and control characters escaped (one line). */
    private static String quoted(String value) {
        if (value == null) {
            return "\"-\"";
        }
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length() && i < 512; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                b.append(String.format(Locale.ROOT, "\\x%02x", (int) c & 0xff));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String host(String remote) {
        int colon = remote.lastIndexOf(':');
        return colon < 0 ? remote : remote.substring(0, colon);
    }

    private static Integer port(String remote) {
        int colon = remote.lastIndexOf(':');
        try {
            return colon < 0 ? null : Integer.valueOf(remote.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
