package dev.orchard.agent.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the 206 answer to a multi-range request (RFC 9110 §14.6): a {@code multipart/byteranges} body — each
 * part a delimiter line, headers with its {@code Content-Range}, a blank line and the bytes — or a single part
 * (a server may answer one range, or coalesce them, RFC 9110 §14.2). Strict: a part without a usable
 * {@code Content-Range}, a body longer than the caller allows, or bytes past a part's end are a
 * {@link MalformedResponseException}; the caller checks each part against what it asked.
 */
public final class MultipartByteranges {

    /** One part: the bytes starting at {@code from} in the resource. */
    public record Part(long from, ByteBuffer bytes) {
    }

    private MultipartByteranges() {
    }

    /** Reads the whole body (at most {@code maxBody} bytes) of a 206 response and splits it into parts. */
    public static List<Part> read(RangeResponse response, int maxBody) throws IOException {
        byte[] body = readAll(response, maxBody);
        String type = response.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/byteranges")) {
            long from = response.bodyStart();
            if (from < 0) {
                throw new MalformedResponseException("a 206 without a Content-Range");
            }
            return List.of(new Part(from, ByteBuffer.wrap(body)));
        }
        return parse(body, boundary(type));
    }

    static List<Part> parse(byte[] body, String boundary) throws MalformedResponseException {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = skipCrlf(body, 0);
        while (true) {
            if (!startsWith(body, at, delimiter)) {
                throw new MalformedResponseException("multipart/byteranges: no delimiter at byte " + at);
            }
            at += delimiter.length;
            if (startsWith(body, at, new byte[]{'-', '-'})) {
                return parts;
            }
            int end = indexOf(body, at, "\r\n\r\n");
            if (end < 0) {
                throw new MalformedResponseException("multipart/byteranges: a part's headers do not end");
            }
            String headers = new String(body, at, end - at, StandardCharsets.ISO_8859_1);
            long[] range = contentRange(headers);
            int dataStart = end + 4;
            long length = range[1] - range[0] + 1;
            if (length > body.length - dataStart) {
                throw new MalformedResponseException("multipart/byteranges: a part of " + length + " bytes overruns the body");
            }
            parts.add(new Part(range[0], ByteBuffer.wrap(body, dataStart, (int) length).slice()));
            at = skipCrlf(body, dataStart + (int) length);
        }
    }

    private static String boundary(String contentType) throws MalformedResponseException {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (!b.isEmpty() && b.length() <= 70) { // RFC 2046 §5.1.1: 1 to 70 characters
                    return b;
                }
            }
        }
        throw new MalformedResponseException("multipart/byteranges without a usable boundary: " + contentType);
    }

    /** {@code [first, last]} from a part's {@code Content-Range: bytes first-last/size}. */
    private static long[] contentRange(String headers) throws MalformedResponseException {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-range")) {
                String v = line.substring(colon + 1).trim();
                int dash = v.indexOf('-');
                int slash = v.indexOf('/');
                try {
                    if (v.startsWith("bytes ") && dash > 6 && slash > dash) {
                        long first = Long.parseLong(v.substring(6, dash).trim());
                        long last = Long.parseLong(v.substring(dash + 1, slash).trim());
                        if (first >= 0 && last >= first) {
                            return new long[]{first, last};
                        }
                    }
                } catch (NumberFormatException e) {
                    // said below
                }
                throw new MalformedResponseException("multipart/byteranges: unusable Content-Range: " + v);
            }
        }
        throw new MalformedResponseException("multipart/byteranges: a part without Content-Range");
    }

    private static byte[] readAll(RangeResponse response, int maxBody) throws IOException {
        long declared = response.bodyLength();
        if (declared > maxBody) {
            throw new MalformedResponseException("a multi-range answer of " + declared + " bytes, at most " + maxBody + " expected");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 64 * 1024);
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        int n;
        while ((n = response.read(buf.clear())) >= 0) {
            out.write(buf.array(), 0, n);
            if (out.size() > maxBody) {
                throw new MalformedResponseException("a multi-range answer longer than " + maxBody + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static int skipCrlf(byte[] b, int at) {
        return at + 1 < b.length && b[at] == '\r' && b[at + 1] == '\n' ? at + 2 : at;
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, String what) {
        byte[] w = what.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = Math.max(0, from); i + w.length <= b.length; i++) {
            if (startsWith(b, i, w)) {
                return i;
            }
        }
        return -1;
    }
}
