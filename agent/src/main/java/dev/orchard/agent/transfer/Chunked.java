package dev.orchard.agent.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Undoes HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) of a complete body; extensions and trailers are ignored. */
final class Chunked {

    private Chunked() {
    }

    static byte[] decode(byte[] raw) throws MalformedResponseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(raw, at);
            if (lineEnd < 0) {
                throw new MalformedResponseException("chunked body ends inside a chunk size line");
            }
            String line = new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = line.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new MalformedResponseException("bad chunk size line '" + line + "'");
            }
            at = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            if (size < 0 || at + size > raw.length) {
                throw new MalformedResponseException("chunked body ends inside a chunk");
            }
            out.write(raw, at, size);
            at += size + 2;
        }
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
