package dev.orchard.bsdp.codec;

import java.util.Locale;

/**
 * A 48-bit Ethernet address. Parsing from configuration is strict ({@link #parse(String)} throws with
 * the accepted forms); building from a packet's {@code chaddr} never fails.
 *
 * @param value the address in the low 48 bits
 */
public record MacAddress(long value) implements Comparable<MacAddress> {

    public MacAddress {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits: " + Long.toHexString(value));
        }
    }

    /** The first six bytes of {@code bytes} starting at {@code offset}. */
    public static MacAddress of(byte[] bytes, int offset) {
        if (offset < 0 || bytes.length - offset < 6) {
            throw new IllegalArgumentException("a MAC address needs 6 bytes at offset " + offset);
        }
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (bytes[offset + i] & 0xFF);
        }
        return new MacAddress(v);
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff}, {@code aa-bb-cc-dd-ee-ff} or {@code aabbccddeeff}, any case.
     * Apple's NBImageInfo.plist also writes single-digit groups ({@code 0:1e:c2:...}); those are accepted
     * with separators.
     */
    public static MacAddress parse(String text) {
        String s = text.trim();
        String[] groups = s.contains(":") ? s.split(":", -1) : s.contains("-") ? s.split("-", -1) : null;
        long v = 0;
        try {
            if (groups == null) {
                if (s.length() != 12) {
                    throw new NumberFormatException();
                }
                v = Long.parseLong(s, 16);
            } else {
                if (groups.length != 6) {
                    throw new NumberFormatException();
                }
                for (String g : groups) {
                    if (g.isEmpty() || g.length() > 2) {
                        throw new NumberFormatException();
                    }
                    v = (v << 8) | Integer.parseInt(g, 16);
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address; expected aa:bb:cc:dd:ee:ff,"
                    + " aa-bb-cc-dd-ee-ff or aabbccddeeff");
        }
        return new MacAddress(v);
    }

    public byte[] toBytes() {
        byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) (value >>> (8 * (5 - i)));
        }
        return b;
    }

    @Override
    public int compareTo(MacAddress o) {
        return Long.compare(value, o.value);
    }

    /** Lower-case, colon-separated, two digits per byte. */
    @Override
    public String toString() {
        byte[] b = toBytes();
        return String.format(Locale.ROOT, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
    }
}
