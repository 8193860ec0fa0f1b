package dev.orchard.tftp.client;

import dev.orchard.tftp.codec.TftpOptions;

import java.util.Map;

/**
 * Client side of RFC 2347: an OACK may only carry options we asked for, blksize and windowsize no larger
 * than asked (RFC 2348, RFC 7440), timeout equal to what we asked (RFC 2349). Anything else is answered
 * with ERROR 8.
 */
final class OackCheck {

    /** The agreed values, or {@code problem} when the OACK must be refused. */
    record Agreed(int blockSize, int windowSize, long tsize, String problem) {
    }

    private OackCheck() {
    }

    static Agreed check(FetchRequest request, TftpOptions oack) {
        int blockSize = 512;
        int windowSize = 1;
        long tsize = -1;
        for (Map.Entry<String, String> e : oack.values().entrySet()) {
            long v = parse(e.getValue());
            switch (e.getKey()) {
                case TftpOptions.BLKSIZE -> {
                    if (request.blockSize() == 0 || v < 8 || v > request.blockSize()) {
                        return refuse("blksize " + e.getValue());
                    }
                    blockSize = (int) v;
                }
                case TftpOptions.WINDOWSIZE -> {
                    if (request.windowSize() == 0 || v < 1 || v > request.windowSize()) {
                        return refuse("windowsize " + e.getValue());
                    }
                    windowSize = (int) v;
                }
                case TftpOptions.TIMEOUT -> {
                    if (request.timeoutSeconds() == 0 || v != request.timeoutSeconds()) {
                        return refuse("timeout " + e.getValue());
                    }
                }
                case TftpOptions.TSIZE -> {
                    if (!request.transferSize() || v < 0) {
                        return refuse("tsize " + e.getValue());
                    }
                    tsize = v;
                }
                default -> {
                    return refuse("unrequested option " + e.getKey());
                }
            }
        }
        return new Agreed(blockSize, windowSize, tsize, null);
    }

    private static Agreed refuse(String what) {
        return new Agreed(0, 0, -1, "unacceptable OACK: " + what);
    }

    private static long parse(String s) {
        return TftpOptions.decimal(s, 18);
    }
}
