package dev.orchard.http.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's side of one raw connection, response by response, and refuses anything that is not a
 * well-formed HTTP/1.1 response framed by its {@code Content-Length} (the server never sends chunked or
 * close-delimited bodies). Silence before a response is the caller's business; silence inside one is a stall.
 */
final class WireReader {

    /** How the body of the next response is framed: the reader cannot always know whether a request was HEAD. */
    enum Framing {
        /** By Content-Length. */
        BODY,
        /** None: the answer to HEAD. */
        NONE,
        /** None if the next response or the end follows the head at once, else by Content-Length. */
        EITHER
    }

    /** How the connection ended instead of sending a response. */
    enum End {
        /** A clean close (FIN). */
        CLOSED,
        /** A reset: an RST also discards whatever the server had sent and we had not read yet. */
        RESET,
        /** Nothing within the wait. */
        SILENT
    }

    /** A complete response. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean closes() {
            return "close".equalsIgnoreCase(header("connection"));
        }
    }

    /** A malformed, truncated or stalled response. */
    static final class Broken extends Exception {
        Broken(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) [\\x20-\\x7e]*");
    private static final Pattern HEADER = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+): ?([\\t\\x20-\\x7e]*)");
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 8 * 1024 * 1024;
    private static final byte[] NEXT_RESPONSE = ByteMutator.bytes("HTTP/1.");

    private final Socket socket;
    private final InputStream in;
    private final int stallMillis;
    private final int quietMillis;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean finSent;
    private boolean cutsAllowed;

    WireReader(Socket socket, int stallMillis, int quietMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.stallMillis = stallMillis;
        this.quietMillis = quietMillis;
    }

    /** We half-closed: from now on the server may close while answering, and that is on us. */
    void finSent() {
        finSent = true;
    }

    /** The server may close inside a response (a deliberate cut, such as a pipeline over its limit). */
    void allowCuts() {
        cutsAllowed = true;
    }

    boolean isFinSent() {
        return finSent;
    }

    /** The next response, or how the connection ended if none started within {@code waitMillis}. */
    Object next(int waitMillis, Framing framing) throws IOException, Broken {
        try {
            if (!fill(waitMillis)) {
                return End.CLOSED;
            }
        } catch (SocketTimeoutException e) {
            return End.SILENT;
        } catch (SocketException e) {
            return End.RESET;
        }
        try {
            return response(framing);
        } catch (SocketTimeoutException e) {
            throw new Broken("stalled for " + stallMillis + " ms inside a response");
        } catch (SocketException e) {
            return End.RESET;
        } catch (EOFException e) {
            if (finSent || cutsAllowed) {
                return End.CLOSED;
            }
            throw new Broken("closed inside a response: " + e.getMessage());
        }
    }

    private Response response(Framing framing) throws IOException, Broken {
        String head = readHead();
        String[] lines = head.split("\r\n", -1);
        Matcher status = STATUS_LINE.matcher(lines[0]);
        if (!status.matches()) {
            throw new Broken("bad status line [" + printable(lines[0]) + "]");
        }
        int code = Integer.parseInt(status.group(1));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            Matcher h = HEADER.matcher(lines[i]);
            if (!h.matches()) {
                throw new Broken("bad header line [" + printable(lines[i]) + "] in a " + code);
            }
            if (headers.put(h.group(1).toLowerCase(Locale.ROOT), h.group(2)) != null) {
                throw new Broken("header " + h.group(1) + " twice in a " + code);
            }
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new Broken("unexpected Transfer-Encoding in a " + code);
        }
        if (code < 200 || code == 204 || code == 304) {
            if (code != 304 && headers.containsKey("content-length")) {
                throw new Broken("Content-Length on a " + code);
            }
            return new Response(code, headers, new byte[0]);
        }
        String length = headers.get("content-length");
        if (length == null || !length.matches("\\d{1,9}") || Integer.parseInt(length) > MAX_BODY) {
            throw new Broken("a " + code + " without a usable Content-Length: " + length);
        }
        int n = Integer.parseInt(length);
        boolean body = framing == Framing.BODY || framing == Framing.EITHER && n > 0 && bodyFollows();
        return new Response(code, headers, body ? readBody(n) : new byte[0]);
    }

    private String readHead() throws IOException, Broken {
        StringBuilder head = new StringBuilder();
        while (head.length() < MAX_HEAD) {
            if (!fill(stallMillis)) {
                throw new EOFException("after " + head.length() + " bytes of the head [" + printable(head) + "]");
            }
            head.append((char) (buf[pos++] & 0xff));
            int n = head.length();
            if (n >= 4 && head.charAt(n - 4) == '\r' && head.charAt(n - 3) == '\n' && head.charAt(n - 2) == '\r'
                    && head.charAt(n - 1) == '\n') {
                return head.substring(0, n - 4);
            }
        }
        throw new Broken("no end of the response head within " + MAX_HEAD + " bytes [" + printable(head) + "]");
    }

    private byte[] readBody(int n) throws IOException {
        byte[] body = new byte[n];
        for (int got = 0; got < n; ) {
            if (!fill(stallMillis)) {
                throw new EOFException("after " + got + " of " + n + " body bytes");
            }
            int k = Math.min(n - got, lim - pos);
            System.arraycopy(buf, pos, body, got, k);
            pos += k;
            got += k;
        }
        return body;
    }

    /** For {@link Framing#EITHER}: true unless the end, silence or the next status line follows. */
    private boolean bodyFollows() throws IOException {
        try {
            if (!fill(quietMillis)) {
                return false;
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
        for (int i = 0; i < NEXT_RESPONSE.length && pos + i < lim; i++) {
            if (buf[pos + i] != NEXT_RESPONSE[i]) {
                return true;
            }
        }
        return false;
    }

    /** At least one unread byte in the buffer; false at the end of the stream. */
    private boolean fill(int millis) throws IOException {
        if (pos < lim) {
            return true;
        }
        socket.setSoTimeout(millis);
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /** Bytes as text with everything unprintable escaped, cut to 300 characters. */
    static String printable(CharSequence s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 300; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return s.length() > 300 ? out + "…(" + s.length() + " bytes)" : out.toString();
    }

    static String printable(byte[] b) {
        return printable(new String(b, StandardCharsets.ISO_8859_1));
    }
}
