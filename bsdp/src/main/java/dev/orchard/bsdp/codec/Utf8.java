package dev.orchard.bsdp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** UTF-8 helpers for the length-limited strings of BSDP. */
public final class Utf8 {

    private Utf8() {
    }

    /** UTF-8 bytes of {@code s}, cut to at most {@code max} bytes without splitting a character. */
    public static byte[] truncate(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int n = max;
        // back off while the byte after the cut is a continuation byte (10xxxxxx)
        while (n > 0 && (b[n] & 0xC0) == 0x80) {
            n--;
        }
        return Arrays.copyOf(b, n);
    }

    public static int length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
