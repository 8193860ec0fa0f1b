package dev.orchard.bsdp.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * BOOTP/DHCP messages to and from bytes (RFC 951 §3, RFC 2131 §2, RFC 2132 §2).
 *
 * <p>Decoding is bounds-checked everywhere and lenient where the RFCs allow: options are walked as
 * TLVs (never read at fixed offsets), pad (0) is skipped, end (255) stops the walk, a missing end is
 * accepted, and a packet without the magic cookie is plain BOOTP with no options. Anything that cannot
 * be framed — a packet shorter than the 236-byte header, an option whose length runs past the end —
 * raises {@link MalformedPacketException}.
 *
 * <p>Encoding writes the options in the record's order, then end, and pads with zeros to at least
 * {@link #MIN_PACKET} bytes, as Apple's bootpd does ({@code sizeof(struct bootp)}) because some BOOTP
 * clients and relays drop shorter packets (RFC 1542 §2.1).
 *
 * <pre>{@code
 * DhcpPacket p = DhcpPacketCodec.decode(bytes);
 * byte[] wire = DhcpPacketCodec.encode(reply);
 * }</pre>
 */
public final class DhcpPacketCodec {

    /** The fixed BOOTP header: op … file. */
    public static final int HEADER = 236;
    /** RFC 2131 §3: 99.130.83.99 starts the options area. */
    public static final int MAGIC_COOKIE = 0x63825363;
    /** Header plus magic cookie: where the first option starts. */
    public static final int OPTIONS_OFFSET = HEADER + 4;
    /** Replies are padded to the size of a BOOTP packet with its 64-byte vendor area. */
    public static final int MIN_PACKET = 300;

    private DhcpPacketCodec() {
    }

    public static DhcpPacket decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public static DhcpPacket decode(byte[] b, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > b.length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + b.length + " bytes");
        }
        if (length < HEADER) {
            throw new MalformedPacketException("packet has " + length + " bytes; a BOOTP header needs " + HEADER);
        }
        int hlen = b[offset + 2] & 0xFF;
        if (hlen > 16) {
            throw new MalformedPacketException("hlen is " + hlen + "; chaddr holds at most 16 bytes");
        }
        byte[] chaddr = new byte[16];
        System.arraycopy(b, offset + 28, chaddr, 0, 16);
        List<DhcpOption> options = List.of();
        if (length >= OPTIONS_OFFSET && readInt(b, offset + HEADER) == MAGIC_COOKIE) {
            options = decodeOptions(b, offset + OPTIONS_OFFSET, length - OPTIONS_OFFSET, "DHCP option");
        }
        return new DhcpPacket(b[offset] & 0xFF, b[offset + 1] & 0xFF, hlen, b[offset + 3] & 0xFF,
                readInt(b, offset + 4), readShort(b, offset + 8), readShort(b, offset + 10),
                Ipv4.of(b, offset + 12), Ipv4.of(b, offset + 16), Ipv4.of(b, offset + 20), Ipv4.of(b, offset + 24),
                chaddr, cString(b, offset + 44, 64, DhcpPacket.SNAME_MAX),
                cString(b, offset + 108, 128, DhcpPacket.FILE_MAX), options);
    }

    /**
     * Walks a TLV area (DHCP options, or BSDP sub-options inside option 43, which use the same encoding):
     * pad skipped, end stops, every length checked against the bytes that remain.
     *
     * @param what names the TLV kind in the error message ("DHCP option", "BSDP sub-option")
     */
    public static List<DhcpOption> decodeOptions(byte[] b, int offset, int length, String what) {
        List<DhcpOption> out = new ArrayList<>();
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int code = b[i] & 0xFF;
            if (code == DhcpOption.PAD) {
                i++;
                continue;
            }
            if (code == DhcpOption.END) {
                break;
            }
            if (i + 1 >= end) {
                throw new MalformedPacketException(what + " " + code + " at offset " + (i - offset)
                        + " has no length byte");
            }
            int len = b[i + 1] & 0xFF;
            if (i + 2 + len > end) {
                throw new MalformedPacketException(what + " " + code + " at offset " + (i - offset) + " claims "
                        + len + " bytes but only " + (end - i - 2) + " remain");
            }
            byte[] data = new byte[len];
            System.arraycopy(b, i + 2, data, 0, len);
            out.add(new DhcpOption(code, data));
            i += 2 + len;
        }
        return out;
    }

    /** The encoded size before padding: header, cookie, options, end. */
    public static int unpaddedLength(DhcpPacket p) {
        int n = OPTIONS_OFFSET + 1;
        for (DhcpOption o : p.options()) {
            n += 2 + o.length();
        }
        return n;
    }

    public static byte[] encode(DhcpPacket p) {
        byte[] b = new byte[Math.max(MIN_PACKET, unpaddedLength(p))];
        b[0] = (byte) p.op();
        b[1] = (byte) p.htype();
        b[2] = (byte) p.hlen();
        b[3] = (byte) p.hops();
        writeInt(b, 4, p.xid());
        writeShort(b, 8, p.secs());
        writeShort(b, 10, p.flags());
        writeInt(b, 12, Ipv4.toInt(p.ciaddr()));
        writeInt(b, 16, Ipv4.toInt(p.yiaddr()));
        writeInt(b, 20, Ipv4.toInt(p.siaddr()));
        writeInt(b, 24, Ipv4.toInt(p.giaddr()));
        System.arraycopy(p.chaddr(), 0, b, 28, 16);
        byte[] sname = p.sname().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(sname, 0, b, 44, sname.length);
        byte[] file = p.file().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(file, 0, b, 108, file.length);
        writeInt(b, HEADER, MAGIC_COOKIE);
        int i = OPTIONS_OFFSET;
        for (DhcpOption o : p.options()) {
            b[i] = (byte) o.code();
            b[i + 1] = (byte) o.length();
            o.copyTo(b, i + 2);
            i += 2 + o.length();
        }
        b[i] = (byte) DhcpOption.END;
        return b;
    }

    /** A NUL-terminated string field; bytes after the first NUL are ignored, and so is an over-long tail. */
    private static String cString(byte[] b, int offset, int field, int max) {
        int n = 0;
        while (n < field && b[offset + n] != 0) {
            n++;
        }
        String s = new String(b, offset, Math.min(n, max), StandardCharsets.UTF_8);
        // invalid UTF-8 decodes to U+FFFD (3 bytes); keep the record's byte limit true
        while (s.getBytes(StandardCharsets.UTF_8).length > max) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static int readShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static void writeInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    static void writeShort(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
