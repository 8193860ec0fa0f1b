package dev.orchard.bsdp.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How Apple's server lays out an ACK[LIST], as facts checked on raw reply bytes. Each fact names the
 * function of Apple's bootp sources ({@code bootpd.tproj/dhcpd.c}, {@code bootpd.tproj/bsdpd.c},
 * {@code bootplib/dhcp_options.c}) it was read from; nothing here comes from another implementation.
 *
 * <p>The same checks run on our replies in every build ({@link AppleAckListLayoutTest}) and on a real
 * ACK[LIST] of an OS X 10.11 server when that capture is supplied ({@link AppleCaptureGoldenTest}),
 * which shows that the facts describe what Apple's server really sends.
 */
public final class AppleAckListFacts {

    private static final int HEADER = DhcpPacketCodec.HEADER;
    private static final int OPTIONS = DhcpPacketCodec.OPTIONS_OFFSET;
    private static final int BOOTP_PACKET = 300;

    private AppleAckListFacts() {
    }

    /** The facts every ACK[LIST] holds whatever the request was; the violated ones, empty when all hold. */
    public static List<String> violations(byte[] reply) {
        List<String> out = new ArrayList<>();
        if (reply.length < OPTIONS) {
            out.add("a reply has the 236-byte header and the magic cookie; this one has " + reply.length + " bytes");
            return out;
        }
        // dhcpd.c make_dhcp_reply: op = BOOTREPLY, hops = 0, secs = 0, then the rfc_magic cookie
        check(out, u8(reply, 0) == DhcpPacket.BOOTREPLY, "op is 2 (BOOTREPLY), was " + u8(reply, 0));
        check(out, u8(reply, 3) == 0, "hops is 0, was " + u8(reply, 3));
        check(out, u16(reply, 8) == 0, "secs is 0, was " + u16(reply, 8));
        check(out, DhcpPacketCodec.readInt(reply, HEADER) == DhcpPacketCodec.MAGIC_COOKIE, "the magic cookie follows the header");

        // bsdpd.c bsdp_request, LIST case: only the SELECT case (and the OFFER path) sets siaddr and sname,
        // and only S_client_update / S_client_create (SELECT) write the boot file; an INFORM has all three zero
        check(out, DhcpPacketCodec.readInt(reply, 20) == 0, "siaddr is left as the INFORM's 0.0.0.0");
        check(out, allZero(reply, 44, 108), "sname is left as the INFORM's (empty, all zero)");
        check(out, allZero(reply, 108, HEADER), "file is left as the INFORM's (empty, all zero)");

        // make_dhcp_reply adds 53 then 54; make_bsdp_reply adds 60; S_insert_image_list adds the 43s;
        // bsdp_request adds the end tag. dhcpoa_add writes options back to back: no pad between them.
        List<int[]> tlvs = new ArrayList<>();
        int i = OPTIONS;
        while (i < reply.length && u8(reply, i) != DhcpOption.END) {
            if (i + 1 >= reply.length || i + 2 + u8(reply, i + 1) > reply.length) {
                out.add("option " + u8(reply, i) + " at byte " + i + " runs past the end of the packet");
                return out;
            }
            tlvs.add(new int[] {u8(reply, i), i + 2, u8(reply, i + 1)});
            i += 2 + u8(reply, i + 1);
        }
        if (i >= reply.length) {
            out.add("the options end with option 255 (end)");
            return out;
        }
        List<Integer> codes = tlvs.stream().map(t -> t[0]).toList();
        boolean order = codes.size() >= 4 && codes.subList(0, 3).equals(List.of(53, 54, 60))
                && codes.subList(3, codes.size()).stream().allMatch(c -> c == DhcpOption.VENDOR_SPECIFIC);
        check(out, order, "options are 53, 54, 60, then one or more 43, then 255 (no others, no pad); were "
                + codes);
        if (!order) {
            return out;
        }
        check(out, Arrays.equals(data(reply, tlvs.get(0)), new byte[] {(byte) DhcpMessageType.ACK.code()}),
                "option 53 is one byte, 5 (ACK)");
        check(out, tlvs.get(1)[2] == 4, "option 54 (server identifier) is 4 bytes");
        // bsdpd.c make_bsdp_reply: BSDP_VENDOR_CLASS_ID, strlen bytes, no NUL
        check(out, Arrays.equals(data(reply, tlvs.get(2)), "AAPLBSDPC".getBytes(StandardCharsets.US_ASCII)),
                "option 60 is exactly AAPLBSDPC (9 bytes)");
        subOptionFacts(out, reply, tlvs.subList(3, tlvs.size()));

        // bsdp_request send_reply: size = header + cookie + the options used (end included), raised to
        // sizeof(struct bootp) = 300; dhcp_options.c dhcpoa_init_common zeroes the area, so padding is 0
        int end = i + 1;
        check(out, reply.length == Math.max(BOOTP_PACKET, end), "the packet is max(300, bytes through the end"
                + " option) = " + Math.max(BOOTP_PACKET, end) + " bytes long, was " + reply.length);
        check(out, allZero(reply, end, reply.length), "the bytes after the end option are zero");
        return out;
    }

    /**
     * bsdpd.c bsdp_request (INFORM, LIST case) fills the BSDP area with 1 (LIST), 4 (priority), 7 (default
     * image), 8 only when the client is bound; S_insert_image_list appends one 9, and when the 43 is full
     * emits it and starts another 43 holding one more 9. No 2, 3 or any other sub-option in a LIST reply.
     */
    private static void subOptionFacts(List<String> out, byte[] reply, List<int[]> vendorOptions) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (int n = 0; n < vendorOptions.size(); n++) {
            byte[] d = data(reply, vendorOptions.get(n));
            List<DhcpOption> subs;
            try {
                subs = DhcpPacketCodec.decodeOptions(d, 0, d.length, "BSDP sub-option");
            } catch (MalformedPacketException e) {
                out.add("option 43 #" + (n + 1) + " holds whole sub-options: " + e.getMessage());
                continue;
            }
            List<Integer> codes = subs.stream().map(DhcpOption::code).toList();
            boolean shape = n == 0
                    ? codes.equals(List.of(1, 4, 7)) || codes.equals(List.of(1, 4, 7, 9))
                    || codes.equals(List.of(1, 4, 7, 8)) || codes.equals(List.of(1, 4, 7, 8, 9))
                    : codes.equals(List.of(9));
            check(out, shape, "option 43 #" + (n + 1) + (n == 0 ? " holds sub-options 1, 4, 7, [8], [9]"
                    : " holds one sub-option 9") + "; held " + codes);
            for (DhcpOption s : subs) {
                int expected = switch (s.code()) {
                    case 1 -> 1;
                    case 4 -> 2;
                    case 7, 8 -> 4;
                    default -> -1;
                };
                check(out, expected < 0 || s.length() == expected, "sub-option " + s.code() + " is " + expected
                        + " bytes, was " + s.length());
                if (s.code() == 1) {
                    check(out, s.byteAt(0) == BsdpMessageType.LIST.code(), "sub-option 1 is 1 (LIST)");
                }
                if (s.code() == 9) {
                    entries.writeBytes(s.data());
                }
            }
        }
        // S_insert_image_list copies whole bsdp_image_description_t entries: id(4) name_length(1) name
        try {
            BsdpOptionsCodec.imageList(entries.toByteArray());
        } catch (MalformedPacketException e) {
            out.add("the sub-option 9 payloads, concatenated, are whole image entries: " + e.getMessage());
        }
    }

    /**
     * dhcpd.c make_dhcp_reply starts from {@code *reply = *request}: every header field other than op,
     * hops and secs is the request's (htype, hlen, xid, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr,
     * sname, file), and the ACK[LIST] path changes none of them. Violations, empty when all hold.
     */
    public static List<String> headerNotCopied(byte[] reply, DhcpPacket request) {
        byte[] rq = DhcpPacketCodec.encode(request);
        List<String> out = new ArrayList<>();
        int[][] fields = {{1, 3}, {4, 8}, {10, 12}, {12, 28}, {28, 44}, {44, HEADER}};
        String[] names = {"htype, hlen", "xid", "flags", "ciaddr, yiaddr, siaddr, giaddr", "chaddr (16 bytes)",
                "sname, file"};
        for (int f = 0; f < fields.length; f++) {
            check(out, Arrays.equals(reply, fields[f][0], fields[f][1], rq, fields[f][0], fields[f][1]),
                    names[f] + " are the request's");
        }
        return out;
    }

    private static void check(List<String> out, boolean holds, String fact) {
        if (!holds) {
            out.add(fact);
        }
    }

    private static byte[] data(byte[] p, int[] tlv) {
        return Arrays.copyOfRange(p, tlv[1], tlv[1] + tlv[2]);
    }

    private static boolean allZero(byte[] p, int from, int to) {
        for (int i = from; i < to; i++) {
            if (p[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] p, int i) {
        return p[i] & 0xFF;
    }

    private static int u16(byte[] p, int i) {
        return (u8(p, i) << 8) | u8(p, i + 1);
    }
}
