package dev.orchard.tftp.codec;

import java.io.ByteArrayOutputStream;

/**
 * Netascii → local text (RFC 1350, RFC 764): CR LF becomes LF and CR NUL becomes CR; a CR at the end of a
 * block waits for the first octet of the next one. Lenient: a CR followed by anything else is kept.
 */
public final class NetasciiDecoder {

    private boolean pendingCr;

    /** Decodes one block's payload, appending the local bytes to {@code out}. */
    public void decode(byte[] in, int offset, int length, ByteArrayOutputStream out) {
        for (int i = offset; i < offset + length; i++) {
            byte b = in[i];
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    out.write('\n');
                    continue;
                }
                out.write('\r');
                if (b == 0) {
                    continue;
                }
            }
            if (b == '\r') {
                pendingCr = true;
            } else {
                out.write(b);
            }
        }
    }

    /** Ends the stream: a dangling CR is kept as is. */
    public void finish(ByteArrayOutputStream out) {
        if (pendingCr) {
            out.write('\r');
            pendingCr = false;
        }
    }
}
