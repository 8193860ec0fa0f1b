package dev.orchard.tftp.codec;

/**
 * Local text → netascii (RFC 1350 §1 via RFC 764): LF becomes CR LF, a bare CR becomes CR NUL. A pair may
 * straddle two DATA blocks, so the encoder carries one pending octet; its state is a value
 * ({@link Cursor}) so that a window can be regenerated from any block start after a retransmit.
 */
public final class NetasciiEncoder {

    /** Where encoding stands: the next source offset, and the second octet of a split pair (or -1). */
    public record Cursor(long sourceOffset, int pending) {
        public static final Cursor START = new Cursor(0, -1);
    }

    /** The result of filling one block. */
    public record Step(int produced, Cursor next) {
    }

    private NetasciiEncoder() {
    }

    /**
     * Encodes from {@code src[0..srcLength)} (the source bytes starting at {@code at.sourceOffset()}) into
     * {@code out[outOffset..outOffset+capacity)}.
     */
    public static Step encode(Cursor at, byte[] src, int srcLength, byte[] out, int outOffset, int capacity) {
        int o = outOffset;
        int limit = outOffset + capacity;
        if (at.pending() >= 0 && o < limit) {
            out[o++] = (byte) at.pending();
        } else if (at.pending() >= 0) {
            return new Step(0, at);
        }
        int i = 0;
        int pending = -1;
        while (i < srcLength && o < limit) {
            byte b = src[i++];
            if (b == '\n' || b == '\r') {
                out[o++] = '\r';
                byte second = b == '\n' ? (byte) '\n' : 0;
                if (o < limit) {
                    out[o++] = second;
                } else {
                    pending = second & 0xFF;
                }
            } else {
                out[o++] = b;
            }
        }
        return new Step(o - outOffset, new Cursor(at.sourceOffset() + i, pending));
    }
}
