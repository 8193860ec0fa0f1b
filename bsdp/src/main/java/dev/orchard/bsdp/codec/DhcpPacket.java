package dev.orchard.bsdp.codec;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A BOOTP/DHCP message (RFC 951, RFC 2131 §2): the fixed header and the options in wire order. Repeated
 * options (several option 43 instances, RFC 3396) stay separate and in order. Immutable.
 *
 * @param op      1 = BOOTREQUEST, 2 = BOOTREPLY
 * @param htype   hardware type, 1 = Ethernet
 * @param hlen    hardware address length, 0..16
 * @param hops    relay hops
 * @param xid     transaction id
 * @param secs    seconds since the client began
 * @param flags   bit 15 = broadcast
 * @param ciaddr  client IP (the Mac's own address in an INFORM)
 * @param yiaddr  "your" IP
 * @param siaddr  next server (TFTP) IP
 * @param giaddr  relay agent IP
 * @param chaddr  16 bytes of client hardware address; the first {@code hlen} are meaningful
 * @param sname   server host name, at most 63 bytes (a NUL ends it on the wire)
 * @param file    boot file name, at most 127 bytes
 * @param options the options, in order, without pad and end
 */
public record DhcpPacket(int op, int htype, int hlen, int hops, int xid, int secs, int flags,
                         Inet4Address ciaddr, Inet4Address yiaddr, Inet4Address siaddr, Inet4Address giaddr,
                         byte[] chaddr, String sname, String file, List<DhcpOption> options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int HTYPE_ETHERNET = 1;
    public static final int FLAG_BROADCAST = 0x8000;
    public static final int SNAME_MAX = 63;
    public static final int FILE_MAX = 127;

    public DhcpPacket {
        requireByte(op, "op");
        requireByte(htype, "htype");
        if (hlen < 0 || hlen > 16) {
            throw new IllegalArgumentException("hlen must be 0..16, was " + hlen);
        }
        requireByte(hops, "hops");
        requireShort(secs, "secs");
        requireShort(flags, "flags");
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        if (chaddr.length != 16) {
            throw new IllegalArgumentException("chaddr is 16 bytes, was " + chaddr.length);
        }
        chaddr = chaddr.clone();
        requireFits(sname, SNAME_MAX, "sname");
        requireFits(file, FILE_MAX, "file");
        options = List.copyOf(options);
    }

    @Override
    public byte[] chaddr() {
        return chaddr.clone();
    }

    /** The client's Ethernet address, when the header says Ethernet (htype 1, hlen 6). */
    public Optional<MacAddress> ethernetAddress() {
        return htype == HTYPE_ETHERNET && hlen == 6 ? Optional.of(MacAddress.of(chaddr, 0)) : Optional.empty();
    }

    /** The first instance of option {@code code}. */
    public Optional<DhcpOption> option(int code) {
        for (DhcpOption o : options) {
            if (o.code() == code) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** Every instance of option {@code code}, in wire order. */
    public List<DhcpOption> allOptions(int code) {
        List<DhcpOption> found = new ArrayList<>(2);
        for (DhcpOption o : options) {
            if (o.code() == code) {
                found.add(o);
            }
        }
        return found;
    }

    /** The raw DHCP message type (option 53, one byte), or empty when absent or not one byte long. */
    public OptionalInt messageType() {
        return option(DhcpOption.MESSAGE_TYPE).filter(o -> o.length() == 1)
                .map(o -> OptionalInt.of(o.byteAt(0))).orElse(OptionalInt.empty());
    }

    public boolean broadcast() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    /** A builder seeded with this packet's fields (Apple's server builds a reply the same way: {@code *reply = *request}). */
    public DhcpPacketBuilder toBuilder() {
        return new DhcpPacketBuilder(this);
    }

    public static DhcpPacketBuilder builder() {
        return new DhcpPacketBuilder();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpPacket p && op == p.op && htype == p.htype && hlen == p.hlen && hops == p.hops
                && xid == p.xid && secs == p.secs && flags == p.flags && ciaddr.equals(p.ciaddr)
                && yiaddr.equals(p.yiaddr) && siaddr.equals(p.siaddr) && giaddr.equals(p.giaddr)
                && Arrays.equals(chaddr, p.chaddr) && sname.equals(p.sname) && file.equals(p.file)
                && options.equals(p.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, xid, ciaddr, Arrays.hashCode(chaddr), options);
    }

    @Override
    public String toString() {
        return "DhcpPacket[op=" + op + ", xid=" + Integer.toHexString(xid) + ", ciaddr=" + ciaddr.getHostAddress()
                + ", siaddr=" + siaddr.getHostAddress() + ", giaddr=" + giaddr.getHostAddress()
                + ", chaddr=" + HexFormat.of().formatHex(chaddr, 0, hlen) + ", sname=" + sname + ", file=" + file
                + ", options=" + options + "]";
    }

    private static void requireByte(int v, String field) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(field + " must be 0..255, was " + v);
        }
    }

    private static void requireShort(int v, String field) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(field + " must be 0..65535, was " + v);
        }
    }

    private static void requireFits(String s, int max, String field) {
        Objects.requireNonNull(s, field);
        int n = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (n > max || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " holds at most " + max + " bytes without NUL, was " + n + " bytes");
        }
    }
}
