package dev.orchard.agent.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A response being read: its head, then its body into caller-owned buffers (no extra copies). */
public interface RangeResponse extends Closeable {

    int status();

    /** The offset in the resource of the body's first byte (from {@code Content-Range}; 0 for a 200). */
    long bodyStart();

    /** Body length, or -1 when the server did not say. */
    long bodyLength();

    /** The response's {@code ETag}, or null. */
    String etag();

    /** The response's {@code Content-Type}, or null (a multi-range answer is {@code multipart/byteranges}). */
    default String contentType() {
        return null;
    }

    /** Reads body bytes into {@code dst}; -1 at the end of the body. Throws when the connection breaks early. */
    int read(ByteBuffer dst) throws IOException;

    @Override
    void close();
}
