package dev.orchard.mac;

/**
 * A 48-bit Ethernet address, and the one grammar every part of Orchard parses MAC addresses with
 * (docs/config.md, "MAC addresses"): configuration, inventory CSV, NBImageInfo.plist, the agent API and
 * the agent's {@code --mac}. Accepted, in any case, after trimming surrounding whitespace:
 * <ul>
 *   <li>six groups of one or two hex digits separated by {@code :} ({@code 00:1b:63:84:45:e6}, and
 *       {@code 0:1b:63:84:45:e6} as macOS {@code ifconfig} and Apple's NBImageInfo.plist write it);</li>
 *   <li>the same with {@code -} (Windows {@code getmac}/{@code ipconfig});</li>
 *   <li>three groups of exactly four hex digits separated by {@code .} (Cisco, {@code 001b.6384.45e6});</li>
 *   <li>twelve hex digits with no separator ({@code 001b638445e6}).</li>
 * </ul>
 * Everything else is rejected with {@link #ACCEPTED_FORMS}: mixed separators, a wrong number of groups,
 * empty groups, three or more digits in a {@code :}/{@code -} group, signs, {@code 0x} prefixes, and any
 * character outside ASCII {@code 0-9a-fA-F} (Java's {@code Character.digit} would also take Arabic-Indic
 * or full-width digits, so it is not used). The canonical form, {@link #toString()}, is lower case with
 * colons and two digits per group, as the agent API's contract writes it.
 *
 * @param value the address in the low 48 bits
 */
public record MacAddress(long value) implements Comparable<MacAddress> {

    /** The accepted forms, for error messages everywhere a MAC is read. */
    public static final String ACCEPTED_FORMS = "write 00:1b:63:84:45:e6 (1-2 hex digits per group, as macOS prints"
            + " 0:1b:63:84:45:e6), 00-1b-63-84-45-e6, 001b.6384.45e6 or 001b638445e6";

    /** Longest accepted text after trimming ({@code 00:1b:63:84:45:e6}); longer input is not scanned. */
    private static final int MAX_LENGTH = 17;
    /** How much of a rejected input an error message repeats (it may come from the network). */
    private static final int QUOTED_MAX = 40;

    public MacAddress {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits: " + Long.toHexString(value));
        }
    }

    /**
     * Parses one MAC address in any accepted form.
     *
     * @throws IllegalArgumentException naming the input and the accepted forms
     */
    public static MacAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no MAC address given; " + ACCEPTED_FORMS);
        }
        String s = text.strip();
        long value = s.length() > MAX_LENGTH ? -1 : switch (separatorOf(s)) {
            case ':', '-' -> groups(s, separatorOf(s), 6, 1, 2);
            case '.' -> groups(s, '.', 3, 4, 4);
            default -> s.length() == 12 ? groups(s, '\0', 1, 12, 12) : -1;
        };
        if (value < 0) {
            throw new IllegalArgumentException("'" + quoted(text) + "' is not a MAC address; " + ACCEPTED_FORMS);
        }
        return new MacAddress(value);
    }

    /** The canonical form of {@code text}, or the {@link #parse} exception. */
    public static String canonical(String text) {
        return parse(text).toString();
    }

    /** The six bytes at {@code offset}, most significant first (a DHCP {@code chaddr}). */
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

    /** The six bytes, most significant first. */
    public byte[] toBytes() {
        byte[] six = new byte[6];
        for (int i = 0; i < 6; i++) {
            six[i] = (byte) (value >>> (40 - 8 * i));
        }
        return six;
    }

    @Override
    public int compareTo(MacAddress o) {
        return Long.compare(value, o.value);
    }

    /** Canonical: lower case, colon-separated, two digits per byte ({@code 00:1b:63:84:45:e6}). */
    @Override
    public String toString() {
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int b = (int) (value >>> (40 - 8 * i)) & 0xFF;
            out[3 * i] = Character.forDigit(b >>> 4, 16);
            out[3 * i + 1] = Character.forDigit(b & 0xF, 16);
            if (i < 5) {
                out[3 * i + 2] = ':';
            }
        }
        return new String(out);
    }

    /** The first separator character in {@code s}, or {@code '\0'} when it has none of {@code : - .}. */
    private static char separatorOf(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' || c == '-' || c == '.') {
                return c;
            }
        }
        return '\0';
    }

    /**
     * Exactly {@code count} groups of {@code minDigits..maxDigits} ASCII hex digits separated by
     * {@code separator} (any other separator character is simply not a hex digit, so mixed forms fail);
     * the value, or -1.
     */
    private static long groups(String s, char separator, int count, int minDigits, int maxDigits) {
        long value = 0;
        int groups = 0;
        int digits = 0;
        long group = 0;
        int bitsPerGroup = 48 / count;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == separator) {
                if (digits < minDigits || digits > maxDigits || ++groups > count) {
                    return -1;
                }
                value = (value << bitsPerGroup) | group;
                digits = 0;
                group = 0;
                continue;
            }
            int d = hexDigit(s.charAt(i));
            if (d < 0) {
                return -1;
            }
            group = (group << 4) | d;
            digits++;
        }
        return groups == count ? value : -1;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String quoted(String text) {
        return text.length() > QUOTED_MAX ? text.substring(0, QUOTED_MAX) + "…" : text;
    }
}
