package dev.orchard.agent.transfer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of an HTTP/1.1 response (RFC 9112 §4, §5), parsed leniently: header
 * names are case-insensitive, repeated headers keep the last value, bad lines are skipped.
 */
public record ResponseHead(int status, Map<String, String> headers) {

    /** Where the head ends in {@code bytes[0, length)}: the index after CRLFCRLF, or -1 when not yet. */
    public static int endOfHead(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses the head in {@code bytes[0, length)} (ending with CRLFCRLF). */
    public static ResponseHead parse(byte[] bytes, int length) throws MalformedResponseException {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String statusLine = lines[0];
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new MalformedResponseException("not an HTTP/1.x status line: " + printable(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, Math.min(12, statusLine.length())).trim());
        } catch (RuntimeException e) {
            throw new MalformedResponseException("no status code in: " + printable(statusLine));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new ResponseHead(status, Map.copyOf(headers));
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** {@code Content-Length}, or -1 when absent or not a number. */
    public long contentLength() {
        String v = header("content-length");
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The first byte of {@code Content-Range: bytes a-b/size}, or -1. */
    public long contentRangeStart() {
        String v = header("content-range");
        if (v == null || !v.startsWith("bytes ")) {
            return -1;
        }
        int dash = v.indexOf('-');
        try {
            return dash < 0 ? -1 : Long.parseLong(v.substring(6, dash).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public boolean chunked() {
        String te = header("transfer-encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
