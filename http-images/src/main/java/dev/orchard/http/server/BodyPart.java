package dev.orchard.http.server;

import io.netty.buffer.ByteBuf;

/** A piece of a response body: literal bytes (multipart headers) or a range of the file. */
sealed interface BodyPart {

    record Bytes(ByteBuf buf) implements BodyPart {
    }

    record FileRange(long first, long length) implements BodyPart {
    }
}
