package dev.orchard.ops.config;

import java.util.Locale;

/**
 * A 48-bit Ethernet address, normalised to lower-case colon form ({@code 00:1b:63:84:45:e6}) as
 * docs/agent-api.md requires. {@link #parse} accepts what admins paste: colons, dashes or no
 * separator, any case, and the one-digit octets macOS prints ({@code 0:1b:63:84:45:e6}).
 */
public record MacAddress(long value) implements Comparable<MacAddress> {

    public MacAddress {
        if (value < 0 || value > 0xFFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("not a 48-bit MAC address: " + value);
        }
    }

    /** Parses a MAC; the exception message says what is wrong and shows the accepted forms. */
    public static MacAddress parse(String text) {
        String t = text.trim();
        String[] parts;
        if (t.indexOf(':') >= 0 || t.indexOf('-') >= 0) {
            parts = t.split("[:-]", -1);
        } else if (t.length() == 12) {
            parts = new String[6];
            for (int i = 0; i < 6; i++) {
                parts[i] = t.substring(2 * i, 2 * i + 2);
            }
        } else {
            throw invalid(text);
        }
        if (parts.length != 6) {
            throw invalid(text);
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw invalid(text);
            }
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return new MacAddress(v);
    }

    /** The address from its 6 bytes (as in a DHCP chaddr field). */
    public static MacAddress of(byte[] six) {
        if (six.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + six.length);
        }
        long v = 0;
        for (byte b : six) {
            v = (v << 8) | (b & 0xFF);
        }
        return new MacAddress(v);
    }

    /** The 6 bytes, most significant first. */
    public byte[] bytes() {
        byte[] six = new byte[6];
        for (int i = 0; i < 6; i++) {
            six[i] = (byte) (value >> (40 - 8 * i));
        }
        return six;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a MAC address; write six hex octets such as"
                + " 00:1b:63:84:45:e6, 00-1B-63-84-45-E6 or 001b638445e6");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", (value >> shift) & 0xFF));
        }
        return sb.toString();
    }

    @Override
    public int compareTo(MacAddress o) {
        return Long.compare(value, o.value);
    }
}
