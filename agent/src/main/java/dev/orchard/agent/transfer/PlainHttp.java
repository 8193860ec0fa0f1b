package dev.orchard.agent.transfer;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A lean HTTP/1.1 client for plain {@code http}: one request per connection ({@code Connection: close}),
 * a non-blocking channel and a selector for connect and stall timeouts (no watchdog thread, and no
 * thread left behind: the JDK client keeps a selector thread that also delays the JVM's exit). Bodies
 * are read straight into the caller's buffers.
 */
public final class PlainHttp {

    private static final int MAX_HEAD = 64 * 1024;
    private static final String USER_AGENT = "orchard-agent/1";

    private final HttpSettings settings;

    public PlainHttp(HttpSettings settings) {
        this.settings = settings;
    }

    /** Sends {@code method url} with {@code headers} (and {@code body} when not null) and reads the response head. */
    public Response exchange(String method, URI url, Map<String, String> headers, byte[] body) throws IOException {
        if (!"http".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("PlainHttp speaks plain http only: " + url);
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        SocketChannel channel = SocketChannel.open();
        Selector selector = Selector.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (settings.localAddress() != null) {
                channel.bind(new InetSocketAddress(settings.localAddress(), 0));
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
            if (!channel.connect(new InetSocketAddress(host, port))) {
                await(selector, settings.connectTimeout().toMillis(), "connect to " + url.getHost() + ":" + port);
                channel.finishConnect();
            }
            key.interestOps(SelectionKey.OP_WRITE);
            writeFully(channel, selector, request(method, url, port, headers, body));
            key.interestOps(SelectionKey.OP_READ);
            return readHead(channel, selector, url);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, selector);
            throw e;
        }
    }

    private static ByteBuffer request(String method, URI url, int port, Map<String, String> headers, byte[] body) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        StringBuilder req = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(port == 80 ? "" : ":" + port).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Accept-Encoding: identity\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> req.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            req.append("Content-Length: ").append(body.length).append("\r\n");
        }
        req.append("\r\n");
        byte[] head = req.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return ByteBuffer.wrap(head);
        }
        return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
    }

    private void writeFully(SocketChannel channel, Selector selector, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                await(selector, settings.stallTimeout().toMillis(), "send the request");
            }
        }
    }

    private Response readHead(SocketChannel channel, Selector selector, URI url) throws IOException {
        byte[] head = new byte[8192];
        int filled = 0;
        while (true) {
            if (filled == head.length) {
                if (head.length >= MAX_HEAD) {
                    throw new MalformedResponseException("response head from " + url.getHost() + " exceeds " + MAX_HEAD + " bytes");
                }
                head = Arrays.copyOf(head, head.length * 2);
            }
            int n = channel.read(ByteBuffer.wrap(head, filled, head.length - filled));
            if (n < 0) {
                throw new EOFException("the server closed the connection before answering " + url.getPath());
            }
            if (n == 0) {
                await(selector, settings.stallTimeout().toMillis(), "receive the response to " + url.getPath());
                continue;
            }
            filled += n;
            int end = ResponseHead.endOfHead(head, filled);
            if (end > 0) {
                ResponseHead parsed = ResponseHead.parse(head, end);
                ByteBuffer leftover = ByteBuffer.wrap(head, end, filled - end).slice();
                return new Response(channel, selector, parsed, leftover, settings.stallTimeout().toMillis());
            }
        }
    }

    static void await(Selector selector, long millis, String what) throws IOException {
        int ready = selector.select(Math.max(1, millis));
        selector.selectedKeys().clear();
        if (ready == 0) {
            throw new StallException("no answer within " + millis + " ms while trying to " + what);
        }
    }

    static void closeQuietly(SocketChannel channel, Selector selector) {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** A response whose body is read from the channel into the caller's buffers. */
    public static final class Response implements RangeResponse {
        private final SocketChannel channel;
        private final Selector selector;
        private final ResponseHead head;
        private final ByteBuffer leftover;
        private final long stallMillis;
        private final long length;
        private long remaining;

        Response(SocketChannel channel, Selector selector, ResponseHead head, ByteBuffer leftover, long stallMillis) {
            this.channel = channel;
            this.selector = selector;
            this.head = head;
            this.leftover = leftover;
            this.stallMillis = stallMillis;
            this.length = head.chunked() ? -1 : head.contentLength();
            this.remaining = length < 0 ? Long.MAX_VALUE : length;
        }

        public ResponseHead head() {
            return head;
        }

        @Override
        public int status() {
            return head.status();
        }

        @Override
        public long bodyStart() {
            return head.status() == 206 ? head.contentRangeStart() : 0;
        }

        @Override
        public long bodyLength() {
            return length;
        }

        @Override
        public String etag() {
            return head.header("etag");
        }

        @Override
        public String contentType() {
            return head.header("content-type");
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int max = (int) Math.min(dst.remaining(), remaining);
            if (max == 0) {
                return 0;
            }
            if (leftover.hasRemaining()) {
                int n = Math.min(max, leftover.remaining());
                dst.put(leftover.slice().limit(n));
                leftover.position(leftover.position() + n);
                remaining -= n;
                return n;
            }
            int oldLimit = dst.limit();
            dst.limit(dst.position() + max);
            try {
                int n;
                while ((n = channel.read(dst)) == 0) {
                    await(selector, stallMillis, "receive more of the body");
                }
                if (n < 0) {
                    if (length >= 0) {
                        throw new EOFException("connection closed with " + remaining + " of " + length + " body bytes missing");
                    }
                    remaining = 0;
                    return -1;
                }
                remaining -= n;
                return n;
            } finally {
                dst.limit(oldLimit);
            }
        }

        /** The whole body (at most {@code max} bytes), chunked transfer coding undone. */
        public byte[] readAll(int max) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            int n;
            while ((n = read(buf.clear())) >= 0) {
                out.write(buf.array(), 0, n);
                if (out.size() > max) {
                    throw new MalformedResponseException("response body larger than " + max + " bytes");
                }
            }
            return head.chunked() ? Chunked.decode(out.toByteArray()) : out.toByteArray();
        }

        @Override
        public void close() {
            closeQuietly(channel, selector);
        }
    }
}
