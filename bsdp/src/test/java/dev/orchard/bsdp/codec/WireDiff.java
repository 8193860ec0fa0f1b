package dev.orchard.bsdp.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Says where two encoded DHCP packets differ, naming each differing run of bytes by header field,
 * option and BSDP sub-option, so a failed byte-for-byte comparison explains itself.
 */
final class WireDiff {

    private static final int MAX_RUNS = 30;
    private static final String[] FIELDS = new String[DhcpPacketCodec.OPTIONS_OFFSET];

    static {
        name(0, 1, "op");
        name(1, 2, "htype");
        name(2, 3, "hlen");
        name(3, 4, "hops");
        name(4, 8, "xid");
        name(8, 10, "secs");
        name(10, 12, "flags");
        name(12, 16, "ciaddr");
        name(16, 20, "yiaddr");
        name(20, 24, "siaddr");
        name(24, 28, "giaddr");
        name(28, 44, "chaddr");
        name(44, 108, "sname");
        name(108, 236, "file");
        name(236, 240, "magic cookie");
    }

    private WireDiff() {
    }

    /** Empty when the packets are equal; otherwise lengths, option layouts and the differing byte runs. */
    static String describe(byte[] expected, byte[] actual, String expectedName, String actualName) {
        if (Arrays.equals(expected, actual)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("length: ").append(expectedName).append(' ').append(expected.length).append(", ")
                .append(actualName).append(' ').append(actual.length).append('\n');
        out.append("options: ").append(expectedName).append(' ').append(layout(expected)).append('\n');
        out.append("options: ").append(actualName).append(' ').append(layout(actual)).append('\n');
        int runs = 0;
        int i = 0;
        int n = Math.max(expected.length, actual.length);
        while (i < n && runs < MAX_RUNS) {
            if (at(expected, i) == at(actual, i)) {
                i++;
                continue;
            }
            int start = i;
            String where = field(expected.length > i ? expected : actual, i);
            while (i < n && at(expected, i) != at(actual, i)
                    && where.equals(field(expected.length > i ? expected : actual, i))) {
                i++;
            }
            out.append("bytes ").append(start).append("..").append(i - 1).append(" (").append(where).append("): ")
                    .append(expectedName).append(' ').append(hex(expected, start, i)).append(" | ")
                    .append(actualName).append(' ').append(hex(actual, start, i)).append('\n');
            runs++;
        }
        return out.toString();
    }

    /** The option codes in wire order, each 43 followed by its sub-option codes. */
    static String layout(byte[] p) {
        List<String> out = new ArrayList<>();
        int i = DhcpPacketCodec.OPTIONS_OFFSET;
        while (i + 1 < p.length && (p[i] & 0xFF) != DhcpOption.END) {
            int code = p[i] & 0xFF;
            if (code == DhcpOption.PAD) {
                out.add("pad");
                i++;
                continue;
            }
            int len = Math.min(p[i + 1] & 0xFF, p.length - i - 2);
            out.add(code == DhcpOption.VENDOR_SPECIFIC ? "43" + subCodes(p, i + 2, len) : Integer.toString(code));
            i += 2 + len;
        }
        if (i < p.length) {
            out.add("255");
            if (i + 1 < p.length) {
                out.add((p.length - i - 1) + " bytes after end");
            }
        }
        return out.toString();
    }

    private static List<Integer> subCodes(byte[] p, int from, int len) {
        List<Integer> codes = new ArrayList<>();
        int j = from;
        while (j + 1 < from + len) {
            codes.add(p[j] & 0xFF);
            j += 2 + (p[j + 1] & 0xFF);
        }
        return codes;
    }

    /** The header field, option or sub-option byte {@code offset} of {@code p} belongs to. */
    static String field(byte[] p, int offset) {
        if (offset < FIELDS.length) {
            return FIELDS[offset];
        }
        int i = DhcpPacketCodec.OPTIONS_OFFSET;
        int vendorInstance = 0;
        while (i < p.length) {
            int code = p[i] & 0xFF;
            if (code == DhcpOption.END) {
                return offset == i ? "end option" : "after the end option";
            }
            int len = code == DhcpOption.PAD || i + 1 >= p.length ? -1 : p[i + 1] & 0xFF;
            if (code == DhcpOption.VENDOR_SPECIFIC) {
                vendorInstance++;
            }
            if (offset < i + 2 + len) {
                return code == DhcpOption.PAD ? "pad" : code == DhcpOption.VENDOR_SPECIFIC
                        ? "option 43 #" + vendorInstance + subOption(p, i + 2, len, offset) : "option " + code;
            }
            i += 2 + len;
        }
        return "after the last byte";
    }

    private static String subOption(byte[] p, int from, int len, int offset) {
        int j = from;
        while (j + 1 < from + len) {
            if (offset < j + 2 + (p[j + 1] & 0xFF)) {
                return offset < from ? " header" : ", sub-option " + (p[j] & 0xFF);
            }
            j += 2 + (p[j + 1] & 0xFF);
        }
        return offset < from ? " header" : "";
    }

    private static int at(byte[] p, int i) {
        return i < p.length ? p[i] & 0xFF : -1;
    }

    private static String hex(byte[] p, int from, int to) {
        if (from >= p.length) {
            return "(absent)";
        }
        return Hex.format(Arrays.copyOfRange(p, from, Math.min(to, p.length)));
    }

    private static void name(int from, int to, String field) {
        Arrays.fill(FIELDS, from, to, field);
    }
}
