package dev.orchard.bsdp.codec;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the server's replies byte-compatible with Apple's bsdpd ({@code make_dhcp_reply},
 * {@code make_bsdp_reply}, {@code bsdp_request}): the request header is copied (xid, flags, ciaddr,
 * giaddr, chaddr…), then op = BOOTREPLY, hops = 0, secs = 0, and the options are, in order,
 * 53 = ACK, 54 = server identifier, 60 = {@code AAPLBSDPC}, [17 root path], one or more 43, end.
 */
public final class BsdpAcks {

    /** An ACK[LIST] and how much of the image list it carries. */
    public record ListAck(DhcpPacket packet, VendorAreaLayout.Result layout) {
    }

    private BsdpAcks() {
    }

    /**
     * ACK[LIST]: 43 = 1 LIST, 4 priority, 7 default, [8 selected], 9 list (split and cut to fit
     * {@code maxDhcpPayload}, see {@link VendorAreaLayout}). Pass an empty list for a version 1.0 client.
     */
    public static ListAck list(DhcpPacket request, Inet4Address serverId, int priority, BootImageId defaultImage,
                               Optional<BootImageId> selected, List<BootImage> images, int maxDhcpPayload) {
        requireSendable(defaultImage);
        selected.ifPresent(BsdpAcks::requireSendable);
        images.forEach(i -> requireSendable(i.id()));
        BsdpOptionsBuilder bsdp = BsdpOptions.builder().messageType(BsdpMessageType.LIST).serverPriority(priority)
                .defaultImage(defaultImage);
        selected.ifPresent(bsdp::selectedImage);
        List<DhcpOption> options = baseOptions(serverId);
        int budget = maxDhcpPayload - DhcpPacketCodec.OPTIONS_OFFSET - 1 - wireLength(options);
        VendorAreaLayout.Result layout = VendorAreaLayout.layout(
                BsdpOptionsCodec.subOptionsWithoutList(bsdp.build()), images, budget);
        options.addAll(layout.instances());
        return new ListAck(reply(request).options(options).build(), layout);
    }

    /**
     * ACK[SELECT]: {@code siaddr} = the TFTP server, {@code file} = the booter path, 17 = the root path
     * (NFS/HTTP images), 43 = 1 SELECT, 8 the image, 130 the machine name.
     *
     * @throws IllegalArgumentException when the boot file or root path is too long for its field
     */
    public static DhcpPacket select(DhcpPacket request, Inet4Address serverId, Inet4Address tftpServer,
                                    String bootFile, Optional<String> rootPath, BootImageId image,
                                    String machineName, int maxDhcpPayload) {
        requireSendable(image);
        List<DhcpOption> options = baseOptions(serverId);
        rootPath.ifPresent(p -> options.add(new DhcpOption(DhcpOption.ROOT_PATH, utf8(p, "root path (option 17)"))));
        BsdpOptions bsdp = BsdpOptions.builder().messageType(BsdpMessageType.SELECT).selectedImage(image)
                .machineName(machineName).build();
        int budget = maxDhcpPayload - DhcpPacketCodec.OPTIONS_OFFSET - 1 - wireLength(options);
        options.addAll(VendorAreaLayout.layout(BsdpOptionsCodec.subOptionsWithoutList(bsdp), List.of(), budget)
                .instances());
        return reply(request).siaddr(tftpServer).file(bootFile).options(options).build();
    }

    /** ACK[FAILED]: 53, 54, 60 and 43 = {@code 01 01 03}; no file, no root path. */
    public static DhcpPacket failed(DhcpPacket request, Inet4Address serverId) {
        List<DhcpOption> options = baseOptions(serverId);
        options.add(DhcpOption.of(DhcpOption.VENDOR_SPECIFIC, BsdpSubOption.MESSAGE_TYPE, 1,
                BsdpMessageType.FAILED.code()));
        return reply(request).options(options).build();
    }

    private static DhcpPacketBuilder reply(DhcpPacket request) {
        return request.toBuilder().op(DhcpPacket.BOOTREPLY).hops(0).secs(0).clearOptions();
    }

    private static List<DhcpOption> baseOptions(Inet4Address serverId) {
        List<DhcpOption> options = new ArrayList<>(6);
        options.add(DhcpOption.of(DhcpOption.MESSAGE_TYPE, DhcpMessageType.ACK.code()));
        options.add(new DhcpOption(DhcpOption.SERVER_IDENTIFIER, serverId.getAddress()));
        options.add(BsdpVendorClass.serverOption());
        return options;
    }

    private static int wireLength(List<DhcpOption> options) {
        return options.stream().mapToInt(o -> 2 + o.length()).sum();
    }

    /** Never send image ID 0: clients reject a zero default (bsdpy 52a0776). */
    private static void requireSendable(BootImageId id) {
        if (id.isNull()) {
            throw new IllegalArgumentException("boot image index 0 is the null image and is never sent: " + id);
        }
    }

    private static byte[] utf8(String s, String what) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > DhcpOption.MAX_DATA) {
            throw new IllegalArgumentException(what + " has " + b.length + " bytes; at most 255: " + s);
        }
        return b;
    }
}
