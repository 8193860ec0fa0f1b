package dev.orchard.bsdp.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * BSDP sub-options to and from the bytes of DHCP option 43.
 *
 * <p>Decoding follows Apple's client and server ({@code dhcpol_parse_vendor} + {@code dhcpol_option_copy}):
 * the payloads of every option-43 instance are parsed as TLVs, the first instance of a sub-option wins,
 * and the payloads of every sub-option 9 are concatenated into one image list. Fixed-size sub-options
 * with the wrong length are malformed, except 12 (max message size), which Apple ignores unless it is
 * two bytes, and 11, whose odd trailing byte Apple ignores.
 *
 * <p>Encoding writes sub-options in ascending code order (Apple's server order for ACK[LIST] 1, 4, 7, 8
 * and ACK[SELECT] 1, 8, 130), or in an explicit order, with the image list last; see
 * {@link VendorAreaLayout} for how they are spread over several option-43 instances.
 */
public final class BsdpOptionsCodec {

    private BsdpOptionsCodec() {
    }

    /** Decodes the BSDP sub-options carried by these option-43 instances (all of a packet's, in order). */
    public static BsdpOptions decode(List<DhcpOption> vendorSpecific) {
        List<DhcpOption> subs = new ArrayList<>();
        for (DhcpOption o : vendorSpecific) {
            // each instance is parsed on its own (pad and end are per instance) and the results are
            // concatenated, as dhcpol_parse_vendor does; a sub-option cannot straddle two instances
            byte[] d = o.data();
            subs.addAll(DhcpPacketCodec.decodeOptions(d, 0, d.length, "BSDP sub-option"));
        }
        return decodeSubOptions(subs);
    }

    private static BsdpOptions decodeSubOptions(List<DhcpOption> subs) {
        BsdpOptionsBuilder b = BsdpOptions.builder();
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        boolean[] seen = new boolean[256];
        for (DhcpOption s : subs) {
            int code = s.code();
            if (code == BsdpSubOption.BOOT_IMAGE_LIST) {
                list.writeBytes(s.data());
                continue;
            }
            if (seen[code]) {
                continue;
            }
            seen[code] = true;
            switch (code) {
                case BsdpSubOption.MESSAGE_TYPE -> b.messageType(fixed(s, 1, "message type")[0] & 0xFF);
                case BsdpSubOption.VERSION -> b.version(u16(fixed(s, 2, "version")));
                case BsdpSubOption.SERVER_IDENTIFIER -> b.serverIdentifier(Ipv4.of(fixed(s, 4, "server identifier"), 0));
                case BsdpSubOption.SERVER_PRIORITY -> b.serverPriority(u16(fixed(s, 2, "server priority")));
                case BsdpSubOption.REPLY_PORT -> b.replyPort(u16(fixed(s, 2, "reply port")));
                case BsdpSubOption.BOOT_IMAGE_LIST_PATH -> b.bootImageListPath(text(s));
                case BsdpSubOption.DEFAULT_BOOT_IMAGE -> b.defaultImage(id(fixed(s, 4, "default boot image"), 0));
                case BsdpSubOption.SELECTED_BOOT_IMAGE -> b.selectedImage(id(fixed(s, 4, "selected boot image"), 0));
                case BsdpSubOption.NETBOOT_1_0_FIRMWARE -> b.netboot10Firmware(true);
                case BsdpSubOption.ATTRIBUTES_FILTER_LIST -> b.attributesFilter(attributes(s.data()));
                case BsdpSubOption.MAX_MESSAGE_SIZE -> {
                    if (s.length() == 2) {
                        b.maxMessageSize(u16(s.data()));
                    }
                }
                case BsdpSubOption.SHADOW_MOUNT_PATH -> b.shadowMountPath(text(s));
                case BsdpSubOption.SHADOW_FILE_PATH -> b.shadowFilePath(text(s));
                case BsdpSubOption.MACHINE_NAME -> b.machineName(text(s));
                default -> {
                    // unknown sub-options are ignored, as Apple's server and client do
                }
            }
        }
        return b.imageList(imageList(list.toByteArray())).build();
    }

    /** Parses a concatenated image list: {@code ID(4) NameLen(1) Name} repeated. */
    public static List<BootImage> imageList(byte[] b) {
        List<BootImage> images = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            if (b.length - i < 5) {
                throw new MalformedPacketException("boot image list entry at offset " + i + " has " + (b.length - i)
                        + " bytes; an entry needs at least 5");
            }
            int nameLen = b[i + 4] & 0xFF;
            if (i + 5 + nameLen > b.length) {
                throw new MalformedPacketException("boot image list entry at offset " + i + " claims a " + nameLen
                        + "-byte name but only " + (b.length - i - 5) + " bytes remain");
            }
            images.add(new BootImage(id(b, i), new String(b, i + 5, nameLen, StandardCharsets.UTF_8)));
            i += 5 + nameLen;
        }
        return images;
    }

    /** Every sub-option except the image list, in ascending code order. */
    public static List<DhcpOption> subOptionsWithoutList(BsdpOptions o) {
        List<DhcpOption> out = new ArrayList<>();
        o.messageType().ifPresent(v -> out.add(DhcpOption.of(BsdpSubOption.MESSAGE_TYPE, v)));
        o.version().ifPresent(v -> out.add(DhcpOption.of(BsdpSubOption.VERSION, v >> 8, v)));
        o.serverIdentifier().ifPresent(a -> out.add(new DhcpOption(BsdpSubOption.SERVER_IDENTIFIER, a.getAddress())));
        o.serverPriority().ifPresent(v -> out.add(DhcpOption.of(BsdpSubOption.SERVER_PRIORITY, v >> 8, v)));
        o.replyPort().ifPresent(v -> out.add(DhcpOption.of(BsdpSubOption.REPLY_PORT, v >> 8, v)));
        o.bootImageListPath().ifPresent(s -> out.add(string(BsdpSubOption.BOOT_IMAGE_LIST_PATH, s)));
        o.defaultImage().ifPresent(id -> out.add(id(BsdpSubOption.DEFAULT_BOOT_IMAGE, id)));
        o.selectedImage().ifPresent(id -> out.add(id(BsdpSubOption.SELECTED_BOOT_IMAGE, id)));
        if (o.netboot10Firmware()) {
            out.add(new DhcpOption(BsdpSubOption.NETBOOT_1_0_FIRMWARE, new byte[0]));
        }
        if (!o.attributesFilter().isEmpty()) {
            byte[] a = new byte[2 * o.attributesFilter().size()];
            for (int i = 0; i < o.attributesFilter().size(); i++) {
                a[2 * i] = (byte) (o.attributesFilter().get(i) >> 8);
                a[2 * i + 1] = (byte) (int) o.attributesFilter().get(i);
            }
            out.add(new DhcpOption(BsdpSubOption.ATTRIBUTES_FILTER_LIST, a));
        }
        o.maxMessageSize().ifPresent(v -> out.add(DhcpOption.of(BsdpSubOption.MAX_MESSAGE_SIZE, v >> 8, v)));
        o.shadowMountPath().ifPresent(s -> out.add(string(BsdpSubOption.SHADOW_MOUNT_PATH, s)));
        o.shadowFilePath().ifPresent(s -> out.add(string(BsdpSubOption.SHADOW_FILE_PATH, s)));
        o.machineName().ifPresent(s -> out.add(string(BsdpSubOption.MACHINE_NAME, s)));
        return out;
    }

    /**
     * Encodes {@code o} into option-43 instances with no size limit other than the 255-byte TLVs
     * (requests, and replies whose list fits): ascending sub-option order, image list last.
     */
    public static List<DhcpOption> encode(BsdpOptions o) {
        return VendorAreaLayout.layout(subOptionsWithoutList(o), o.imageList(), Integer.MAX_VALUE).instances();
    }

    /** As {@link #encode(BsdpOptions)} but with the sub-options in {@code order} (codes not listed follow, ascending). */
    public static List<DhcpOption> encode(BsdpOptions o, int... order) {
        List<DhcpOption> subs = new ArrayList<>(subOptionsWithoutList(o));
        List<DhcpOption> ordered = new ArrayList<>();
        for (int code : order) {
            subs.stream().filter(s -> s.code() == code).findFirst().ifPresent(s -> {
                ordered.add(s);
                subs.remove(s);
            });
        }
        ordered.addAll(subs);
        return VendorAreaLayout.layout(ordered, o.imageList(), Integer.MAX_VALUE).instances();
    }

    private static byte[] fixed(DhcpOption s, int length, String name) {
        if (s.length() != length) {
            throw new MalformedPacketException("BSDP sub-option " + s.code() + " (" + name + ") has length "
                    + s.length() + ", expected " + length);
        }
        return s.data();
    }

    private static int u16(byte[] b) {
        return ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
    }

    private static BootImageId id(byte[] b, int i) {
        return new BootImageId(DhcpPacketCodec.readInt(b, i));
    }

    private static DhcpOption id(int code, BootImageId id) {
        int v = id.value();
        return DhcpOption.of(code, v >>> 24, v >>> 16, v >>> 8, v);
    }

    /** Apple reads {@code len >> 1} attributes: an odd trailing byte is ignored. */
    private static List<Integer> attributes(byte[] b) {
        List<Integer> out = new ArrayList<>(b.length / 2);
        for (int i = 0; i + 1 < b.length; i += 2) {
            out.add(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF));
        }
        return out;
    }

    /** Strings travel without a trailing NUL; one sent anyway by some servers is dropped. */
    private static String text(DhcpOption s) {
        byte[] d = s.data();
        int n = d.length;
        while (n > 0 && d[n - 1] == 0) {
            n--;
        }
        return new String(d, 0, n, StandardCharsets.UTF_8);
    }

    private static DhcpOption string(int code, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > DhcpOption.MAX_DATA) {
            throw new IllegalArgumentException("BSDP sub-option " + code + " holds at most 255 bytes: " + s);
        }
        return new DhcpOption(code, b);
    }
}
