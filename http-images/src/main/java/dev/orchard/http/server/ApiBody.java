package dev.orchard.http.server;

import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;

/** Collects an API request body up to a cap; heap bytes, since API bodies are small by contract. */
final class ApiBody {

    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ApiBody(int max) {
        this.max = max;
    }

    /** Appends {@code content}; false when the body grew beyond the cap (nothing more is kept). */
    boolean add(ByteBuf content) {
        int n = content.readableBytes();
        if (bytes.size() + (long) n > max) {
            return false;
        }
        try {
            content.getBytes(content.readerIndex(), bytes, n);
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return true;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
