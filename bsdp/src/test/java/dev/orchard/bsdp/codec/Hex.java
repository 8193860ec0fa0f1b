package dev.orchard.bsdp.codec;

import java.util.Arrays;
import java.util.HexFormat;

/** Test vectors are written as spaced hex, as in bsdp.md. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    static String format(byte[] b) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b);
    }

    /** The options area of an encoded packet: from after the magic cookie through the end option. */
    static byte[] optionsArea(byte[] packet) {
        int i = DhcpPacketCodec.OPTIONS_OFFSET;
        while (i < packet.length) {
            int code = packet[i] & 0xFF;
            if (code == DhcpOption.END) {
                return Arrays.copyOfRange(packet, DhcpPacketCodec.OPTIONS_OFFSET, i + 1);
            }
            i += code == DhcpOption.PAD ? 1 : 2 + (packet[i + 1] & 0xFF);
        }
        throw new AssertionError("no end option");
    }
}
