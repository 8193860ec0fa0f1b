package dev.orchard.http.server;

import dev.orchard.http.files.ByteRange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/byteranges} body (RFC 9110 §14.6), laid out byte for byte as nginx 1.22 does so that
 * our Content-Length equals nginx's for the same request: each part is
 * {@code CRLF "--" boundary CRLF "Content-Type: " type CRLF "Content-Range: bytes a-b/len" CRLF CRLF data},
 * and the body ends with {@code CRLF "--" boundary "--" CRLF}. The boundary is 20 random digits (nginx uses
 * a 20-digit counter).
 */
final class MultipartRanges {

    private final String boundary;
    private final String contentType;
    private final List<ByteRange> ranges;
    private final long total;

    MultipartRanges(List<ByteRange> ranges, long total, String contentType) {
        this.ranges = List.copyOf(ranges);
        this.total = total;
        this.contentType = contentType;
        this.boundary = String.format("%020d", ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
    }

    String headerValue() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    long contentLength() {
        long n = closing().length();
        for (ByteRange r : ranges) {
            n += partHeader(r).length() + r.length();
        }
        return n;
    }

    /** The body as literal and file parts; the buffers are owned by the caller (the body writer). */
    List<BodyPart> parts(ByteBufAllocator alloc) {
        List<BodyPart> parts = new ArrayList<>(ranges.size() * 2 + 1);
        for (ByteRange r : ranges) {
            parts.add(new BodyPart.Bytes(ascii(alloc, partHeader(r))));
            parts.add(new BodyPart.FileRange(r.first(), r.length()));
        }
        parts.add(new BodyPart.Bytes(ascii(alloc, closing())));
        return parts;
    }

    private String partHeader(ByteRange r) {
        return "\r\n--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: "
                + r.contentRange(total) + "\r\n\r\n";
    }

    private String closing() {
        return "\r\n--" + boundary + "--\r\n";
    }

    private static ByteBuf ascii(ByteBufAllocator alloc, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return alloc.buffer(b.length).writeBytes(b);
    }
}
