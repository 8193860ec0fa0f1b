package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.Data;
import dev.orchard.tftp.codec.TftpOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 2347 negotiation for a read request. Only options the client asked for are answered, in its order;
 * unknown ones are ignored (RFC 2347), {@code tsize} only in octet mode (the netascii size is unknown before
 * conversion; tftp-hpa and dnsmasq do the same). Values too large are clamped (blksize to the configured
 * maximum, as tftp-hpa does; windowsize to the cap, RFC 7440 §4 allows a smaller answer); values too small,
 * non-numeric or longer than {@value #MAX_DIGITS} digits are refused with ERROR 8.
 */
final class OptionNegotiation {

    static final int MAX_DIGITS = 10;

    /** The outcome: either {@link Accepted} or {@link Rejected}. */
    sealed interface Outcome {
    }

    /**
     * Accepted options; {@link #oack(long)} builds the OACK once the file size is known.
     *
     * @param timeoutSeconds the client's timeout option, 0 when it sent none
     */
    record Accepted(int blockSize, int windowSize, int timeoutSeconds, boolean tsize, TftpOptions requested,
                    boolean anyAccepted) implements Outcome {

        /** The OACK to send, or {@link TftpOptions#NONE} when nothing was accepted (then DATA 1 goes first). */
        TftpOptions oack(long fileSize) {
            if (!anyAccepted) {
                return TftpOptions.NONE;
            }
            Map<String, String> answer = new LinkedHashMap<>();
            for (String name : requested.values().keySet()) {
                switch (name) {
                    case TftpOptions.BLKSIZE -> answer.put(name, Integer.toString(blockSize));
                    case TftpOptions.WINDOWSIZE -> answer.put(name, Integer.toString(windowSize));
                    case TftpOptions.TIMEOUT -> answer.put(name, Integer.toString(timeoutSeconds));
                    case TftpOptions.TSIZE -> {
                        // curl (7.88, tftp.c) rejects "tsize 0" as invalid and quits without an ERROR, so an
                        // empty file is announced without tsize; RFC 2347 lets a server leave an option out.
                        if (tsize && fileSize > 0) {
                            answer.put(name, Long.toString(fileSize));
                        }
                    }
                    default -> {
                        // RFC 2347: unknown options are left out of the OACK, never refused
                    }
                }
            }
            return new TftpOptions(answer);
        }
    }

    /** ERROR 8 with this message. */
    record Rejected(String message) implements Outcome {
    }

    private OptionNegotiation() {
    }

    static Outcome negotiate(TftpOptions requested, boolean octet, int maxBlockSize, int maxWindowSize) {
        int blockSize = 512;
        int windowSize = 1;
        int timeout = 0;
        boolean any = false;
        String value = requested.values().get(TftpOptions.BLKSIZE);
        if (value != null) {
            long n = number(value);
            if (n < 8) {
                return new Rejected("blksize must be 8..65464");
            }
            blockSize = (int) Math.min(n, Math.min(Data.MAX_PAYLOAD, maxBlockSize));
            any = true;
        }
        value = requested.values().get(TftpOptions.WINDOWSIZE);
        if (value != null) {
            long n = number(value);
            if (n < 1) {
                return new Rejected("windowsize must be 1..65535");
            }
            windowSize = (int) Math.min(n, maxWindowSize);
            any = true;
        }
        value = requested.values().get(TftpOptions.TIMEOUT);
        if (value != null) {
            long n = number(value);
            if (n < 1 || n > 255) {
                // RFC 2349: the OACK must echo the value, so there is nothing to clamp to
                return new Rejected("timeout must be 1..255");
            }
            timeout = (int) n;
            any = true;
        }
        boolean tsize = octet && requested.values().containsKey(TftpOptions.TSIZE);
        any |= tsize;
        return new Accepted(blockSize, windowSize, timeout, tsize, requested, any);
    }

    /** A non-negative decimal of at most {@value #MAX_DIGITS} digits, else -1. */
    static long number(String s) {
        return TftpOptions.decimal(s, MAX_DIGITS);
    }
}
