package dev.orchard.http.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The path of a request URI, percent-decoded once and split into clean segments.
 * <p>Refused with {@link BadPathException} (400): a path not starting with {@code /}, a malformed escape,
 * bytes that are not UTF-8, any {@code .} or {@code ..} segment (raw or encoded as {@code %2e}), a decoded
 * {@code /} or {@code \} inside a segment ({@code ..%2f}), NUL and the other C0 and C1 control characters.
 * Decoding happens exactly once, so {@code %252e} stays the literal name {@code %2e} (then 404) and can never
 * become a dot. Empty segments ({@code //}) are dropped, as nginx merges slashes.
 */
public record RequestPath(List<String> segments) {

    public RequestPath {
        segments = List.copyOf(segments);
    }

    /** Parses the path part of {@code uri} (query and fragment are cut off). */
    public static RequestPath parse(String uri) throws BadPathException {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int h = uri.indexOf('#');
        if (h >= 0 && h < end) {
            end = h;
        }
        String path = uri.substring(0, end);
        // absolute-form (RFC 9112 §3.2.2) must be accepted: the authority is ignored, only the path counts
        if (path.regionMatches(true, 0, "http://", 0, 7) || path.regionMatches(true, 0, "https://", 0, 8)) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        if (!path.startsWith("/")) {
            throw new BadPathException("path must start with /");
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment = decode(raw);
            check(segment);
            segments.add(segment);
        }
        return new RequestPath(segments);
    }

    /** The query string of {@code uri} (without {@code ?}), or an empty string. */
    public static String query(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return "";
        }
        int h = uri.indexOf('#', q);
        return uri.substring(q + 1, h < 0 ? uri.length() : h);
    }

    public boolean startsWith(List<String> prefix) {
        return segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix);
    }

    public List<String> after(int count) {
        return segments.subList(count, segments.size());
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }

    private static void check(String segment) throws BadPathException {
        if (segment.equals(".") || segment.equals("..")) {
            throw new BadPathException("dot segment");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\') {
                throw new BadPathException("separator inside a segment");
            }
            if (Character.isISOControl(c)) { // C0, DEL and C1 (U+0080–U+009F: NEL, 8-bit CSI for terminals)
                throw new BadPathException("control character");
            }
        }
    }

    /** Strict percent-decoding of one segment as UTF-8 (RFC 3986 §2.1). */
    static String decode(String raw) throws BadPathException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new BadPathException("truncated escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadPathException("bad escape");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new BadPathException("not UTF-8");
        }
    }
}
