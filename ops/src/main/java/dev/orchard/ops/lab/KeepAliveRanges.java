package dev.orchard.ops.lab;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Ranged GETs of one URL over one kept-alive HTTP/1.1 connection, the way a netbooted Mac's disk image
 * driver reads its root image: a block at a time, on demand. Deliberately small and strict — it is a
 * checker, not a general client: every answer must be {@code 206} with the exact {@code Content-Range}
 * asked for. A connection the server closed between requests is reopened (and counted).
 */
final class KeepAliveRanges implements AutoCloseable {

    private static final int MAX_HEAD = 16 * 1024;

    private final URI url;
    private final InetAddress localAddress;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int connections;
    private long resourceLength = -1;

    /**
     * @param localAddress the Mac's own address to connect from (so the server sees one client per Mac), or
     *                     null for the system's choice
     */
    KeepAliveRanges(URI url, InetAddress localAddress, Duration timeout) {
        this.url = url;
        this.localAddress = localAddress;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** Reads bytes {@code [from, from + length)} into {@code into}; returns the resource's full length. */
    long read(long from, int length, byte[] into) throws IOException {
        boolean fresh = ensureOpen();
        try {
            return exchange(from, length, into);
        } catch (IOException closedWhileIdle) {
            // a kept-alive connection may have been closed by the server meanwhile (idle timeout): one retry
            // on a new connection; the answer is checked all the same
            if (fresh) {
                throw closedWhileIdle;
            }
            closeQuietly();
            ensureOpen();
            return exchange(from, length, into);
        }
    }

    /** Connections opened so far (1 when keep-alive held throughout). */
    int connections() {
        return connections;
    }

    private long exchange(long from, int length, byte[] into) throws IOException {
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        int port = url.getPort() < 0 ? 80 : url.getPort();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + (port == 80 ? "" : ":" + port) + "\r\n"
                + "Range: bytes=" + from + "-" + (from + length - 1) + "\r\n"
                + "User-Agent: orchard-lab (simulated NetBoot disk image driver)\r\n"
                + "Accept: */*\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = line();
        if (status == null) {
            throw new EOFException("connection closed before the response");
        }
        long contentLength = -1;
        String contentRange = null;
        boolean close = status.startsWith("HTTP/1.0");
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "content-range" -> contentRange = value;
                case "connection" -> close |= value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[1].equals("206")) {
            throw new IOException("GET " + path + " bytes " + from + "-" + (from + length - 1) + " answered '" + status
                    + "', expected 206 Partial Content");
        }
        long total = checkRange(contentRange, from, length);
        if (contentLength != length) {
            throw new IOException("Content-Length " + contentLength + " for a range of " + length + " bytes");
        }
        int off = 0;
        while (off < length) {
            int n = in.read(into, off, length - off);
            if (n < 0) {
                throw new IOException("connection closed after " + off + " of " + length + " body bytes");
            }
            off += n;
        }
        if (close) {
            closeQuietly();
        }
        resourceLength = total;
        return total;
    }

    private static long checkRange(String contentRange, long from, int length) throws IOException {
        String expected = "bytes " + from + "-" + (from + length - 1) + "/";
        if (contentRange == null || !contentRange.startsWith(expected)) {
            throw new IOException("Content-Range '" + contentRange + "', expected '" + expected + "<length>'");
        }
        return Long.parseLong(contentRange.substring(expected.length()));
    }

    /** The resource length the last response stated, or -1. */
    long resourceLength() {
        return resourceLength;
    }

    private boolean ensureOpen() throws IOException {
        if (socket != null) {
            return false;
        }
        Socket s = new Socket();
        try {
            if (localAddress != null) {
                s.bind(new InetSocketAddress(localAddress, 0));
            }
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            s.connect(new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort()), timeoutMillis);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = s.getOutputStream();
        connections++;
        return true;
    }

    /** One CRLF-terminated header line (ISO-8859-1), or null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return sb.length() == 0 ? null : sb.toString();
            }
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEAD) {
                throw new IOException("response header line longer than " + MAX_HEAD + " bytes");
            }
            sb.append((char) c);
        }
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
