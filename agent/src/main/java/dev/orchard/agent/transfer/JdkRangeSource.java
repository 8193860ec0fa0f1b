package dev.orchard.agent.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;

/**
 * Ranged GETs through the JDK's {@link HttpClient}: used for {@code https} servers (TLS), where the
 * lean socket client does not go. One extra copy per read; the stall timeout covers the response head.
 */
public final class JdkRangeSource implements RangeSource {

    private final HttpClient client;
    private final HttpSettings settings;

    public JdkRangeSource(HttpClient client, HttpSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public RangeResponse open(URI url, long from, long toExclusive, String ifRange) throws IOException {
        return send(url, ByteSpan.rangeHeader(from, toExclusive), ifRange);
    }

    @Override
    public boolean asksManyRanges() {
        return true;
    }

    @Override
    public RangeResponse openRanges(URI url, java.util.List<ByteSpan> spans, String ifRange) throws IOException {
        return send(url, ByteSpan.rangeHeader(spans), ifRange);
    }

    private RangeResponse send(URI url, String range, String ifRange) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(settings.stallTimeout());
        if (range != null) {
            request.header("Range", range);
            if (ifRange != null) {
                request.header("If-Range", ifRange);
            }
        }
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new JdkResponse(response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while requesting " + url, e);
        }
    }

    private static final class JdkResponse implements RangeResponse {
        private final HttpResponse<InputStream> response;
        private final InputStream body;
        private final long length;
        private final byte[] scratch = new byte[64 * 1024];
        private long received;

        JdkResponse(HttpResponse<InputStream> response) {
            this.response = response;
            this.body = response.body();
            this.length = response.headers().firstValueAsLong("content-length").orElse(-1);
        }

        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public long bodyStart() {
            if (response.statusCode() != 206) {
                return 0;
            }
            String range = response.headers().firstValue("content-range").orElse("");
            int dash = range.indexOf('-');
            try {
                return range.startsWith("bytes ") && dash > 0 ? Long.parseLong(range.substring(6, dash).trim()) : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        @Override
        public long bodyLength() {
            return length;
        }

        @Override
        public String etag() {
            return response.headers().firstValue("etag").orElse(null);
        }

        @Override
        public String contentType() {
            return response.headers().firstValue("content-type").orElse(null);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = body.read(scratch, 0, Math.min(scratch.length, dst.remaining()));
            if (n < 0) {
                if (length >= 0 && received < length) {
                    throw new EOFException("connection closed with " + (length - received) + " of " + length + " body bytes missing");
                }
                return -1;
            }
            dst.put(scratch, 0, n);
            received += n;
            return n;
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
