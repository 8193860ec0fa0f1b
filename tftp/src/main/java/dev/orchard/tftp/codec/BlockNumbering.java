package dev.orchard.tftp.codec;

/**
 * Maps a transfer's 32-bit (long) internal block counter to the 16-bit wire number and back. No RFC says
 * what follows block 65535; tftp-hpa, Erlang's tftp and most clients wrap to 0, some firmware expects 1
 * (compuphase.com/tftp.htm), so both are offered. Counting internally in 64 bits keeps files larger than
 * 65535 blocks (33,553,920 B at blksize 512) intact.
 */
public enum BlockNumbering {
    /** 65535 is followed by 0 (tftp-hpa's default). */
    WRAP_TO_ZERO,
    /** 65535 is followed by 1. */
    WRAP_TO_ONE;

    /** The wire number of internal block {@code n} (n ≥ 0; block 0 is the OACK's ACK). */
    public int wire(long n) {
        if (n <= 0xFFFF) {
            return (int) n;
        }
        return this == WRAP_TO_ZERO ? (int) (n & 0xFFFF) : (int) ((n - 0x10000) % 0xFFFF) + 1;
    }

    /**
     * The internal block in {@code (after, upTo]} whose wire number is {@code wire}, or -1. The range is a
     * window (at most 65535 blocks), so at most one block of it can carry a given wire number.
     */
    public long unwrap(int wire, long after, long upTo) {
        long span = upTo - after;
        if (span <= 0) {
            return -1;
        }
        int first = wire(after + 1);
        int period = this == WRAP_TO_ZERO ? 0x10000 : (after + 1 > 0xFFFF ? 0xFFFF : 0);
        if (period == 0) {
            // Slow path across the first wrap of WRAP_TO_ONE; a window is short, scan it.
            for (long n = after + 1; n <= upTo; n++) {
                if (wire(n) == wire) {
                    return n;
                }
            }
            return -1;
        }
        if (this == WRAP_TO_ONE && wire == 0) {
            return -1; // after the first wrap, 0 never comes back
        }
        long distance = Math.floorMod(wire - first, period);
        return distance < span ? after + 1 + distance : -1;
    }
}
