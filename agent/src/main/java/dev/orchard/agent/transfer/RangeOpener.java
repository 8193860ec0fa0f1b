package dev.orchard.agent.transfer;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Opens a ranged GET and checks the answer, so callers only ever see a body that starts exactly at the
 * offset they asked for:
 * <ul>
 *   <li>206 must start at that offset;</li>
 *   <li>200 to a request with {@code If-Range} and a different ETag means the file changed
 *       ({@link ResourceChangedException}); with the same (or no) ETag the server simply ignores ranges,
 *       and the leading bytes are read and dropped;</li>
 *   <li>416 means the file is shorter than announced (changed);</li>
 *   <li>anything else is an {@link HttpStatusException}, retryable for 5xx, 408 and 429.</li>
 * </ul>
 */
public final class RangeOpener {

    private final RangeSource source;

    public RangeOpener(RangeSource source) {
        this.source = Objects.requireNonNull(source);
    }

    public RangeResponse openAt(URI url, long from, long toExclusive, String etag) throws IOException {
        RangeResponse response = source.open(url, from, toExclusive, etag);
        boolean handedOver = false;
        try {
            int status = response.status();
            if (status == 206) {
                if (response.bodyStart() != from) {
                    throw new MalformedResponseException("asked " + url.getPath() + " for bytes from " + from
                            + ", the server sent bytes from " + response.bodyStart());
                }
            } else if (status == 200) {
                if (from > 0) {
                    String served = response.etag();
                    if (etag != null && served != null && !etag.equals(served)) {
                        throw new ResourceChangedException(url.getPath() + " changed on the server (ETag " + etag
                                + " became " + served + ")");
                    }
                    skip(response, from, url);
                }
            } else if (status == 416) {
                throw new ResourceChangedException(url.getPath() + " is shorter on the server than expected (416 for bytes from " + from + ")");
            } else {
                throw new HttpStatusException(status, "GET " + url.getPath() + " answered " + status);
            }
            handedOver = true;
            return response;
        } finally {
            if (!handedOver) {
                response.close();
            }
        }
    }

    /** Whether {@link #openRanges} can be used with this source. */
    public boolean asksManyRanges() {
        return source.asksManyRanges();
    }

    /**
     * Asks several spans in one GET and returns the parts (each checked to lie inside a span asked; the body at
     * most {@code maxBody} bytes). A 200 (the server ignored the ranges: more than it honours, or the resource
     * changed, RFC 9110 §13.1.5) is not read: {@link ResourceChangedException} when the ETag differs, else an
     * {@link IOException}; the caller then fetches another way.
     */
    public java.util.List<MultipartByteranges.Part> openRanges(URI url, java.util.List<ByteSpan> spans, String etag, int maxBody)
            throws IOException {
        try (RangeResponse response = source.openRanges(url, spans, etag)) {
            int status = response.status();
            if (status == 200) {
                String served = response.etag();
                if (etag != null && served != null && !etag.equals(served)) {
                    throw new ResourceChangedException(url.getPath() + " changed on the server (ETag " + etag + " became " + served + ")");
                }
                throw new IOException("GET " + url.getPath() + " with " + spans.size() + " ranges answered 200: the server ignored them");
            }
            if (status == 416) {
                throw new ResourceChangedException(url.getPath() + " is shorter on the server than expected (416)");
            }
            if (status != 206) {
                throw new HttpStatusException(status, "GET " + url.getPath() + " answered " + status);
            }
            java.util.List<MultipartByteranges.Part> parts = MultipartByteranges.read(response, maxBody);
            for (MultipartByteranges.Part p : parts) {
                long end = p.from() + p.bytes().remaining();
                if (spans.stream().noneMatch(s -> s.from() <= p.from() && end <= s.toExclusive())) {
                    throw new MalformedResponseException("asked " + url.getPath() + " for " + ByteSpan.rangeHeader(spans)
                            + ", the server sent bytes " + p.from() + "-" + (end - 1));
                }
            }
            return parts;
        }
    }

    /** A server that ignores Range sends everything; drop what precedes the wanted offset. */
    private static void skip(RangeResponse response, long count, URI url) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        long left = count;
        while (left > 0) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), left));
            int n = response.read(scratch);
            if (n < 0) {
                throw new ResourceChangedException(url.getPath() + " ended before offset " + count);
            }
            left -= n;
        }
    }
}
