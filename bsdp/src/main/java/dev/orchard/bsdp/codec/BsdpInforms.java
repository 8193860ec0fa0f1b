package dev.orchard.bsdp.codec;

import java.net.Inet4Address;
import java.util.List;
import java.util.OptionalInt;

/**
 * Builds client INFORMs as Apple's clients do (spec Table 5 and the INFORM[SELECT] table; bootp
 * {@code BSDPClient.c make_bsdp_request}): ciaddr = the client's address, the other addresses zero,
 * and options 53 = INFORM, 55 = {60, 43}, 57 = 1500, 60 = {@code AAPLBSDPC/<arch>/<model>}, 43, end.
 *
 * <p>Sub-option order: LIST as in test vector TV1 (1, 2, [5], [12]); SELECT as the EFI firmware
 * (TV3a: 1, 2, 8, 3, then [5], [12]).
 */
public final class BsdpInforms {

    /** What a simulated client says about itself. */
    public record ClientIdentity(MacAddress mac, Inet4Address ciaddr, String architecture, String systemId) {
    }

    /** Apple's client advertises an Ethernet MTU in option 57 and the real limit in sub-option 12. */
    public static final int ETHERNET_MTU = 1500;
    public static final int CLIENT_MAX_MESSAGE_SIZE = 8192;

    private static final int[] SELECT_ORDER = {BsdpSubOption.MESSAGE_TYPE, BsdpSubOption.VERSION,
            BsdpSubOption.SELECTED_BOOT_IMAGE, BsdpSubOption.SERVER_IDENTIFIER};

    private BsdpInforms() {
    }

    /** INFORM[LIST], version 1.1. {@code replyPort} empty means the reply goes to port 68. */
    public static DhcpPacket list(int xid, ClientIdentity client, OptionalInt replyPort, List<Integer> attributesFilter) {
        BsdpOptionsBuilder bsdp = BsdpOptions.builder().messageType(BsdpMessageType.LIST)
                .version(BsdpSubOption.VERSION_1_1).attributesFilter(attributesFilter)
                .maxMessageSize(CLIENT_MAX_MESSAGE_SIZE);
        replyPort.ifPresent(bsdp::replyPort);
        return inform(xid, client, BsdpOptionsCodec.encode(bsdp.build()));
    }

    /** INFORM[SELECT] of {@code image} on {@code server} (the DHCP option 54 of that server's ACK[LIST]). */
    public static DhcpPacket select(int xid, ClientIdentity client, OptionalInt replyPort, Inet4Address server,
                                    BootImageId image) {
        BsdpOptionsBuilder bsdp = BsdpOptions.builder().messageType(BsdpMessageType.SELECT)
                .version(BsdpSubOption.VERSION_1_1).serverIdentifier(server).selectedImage(image);
        replyPort.ifPresent(bsdp::replyPort);
        return inform(xid, client, BsdpOptionsCodec.encode(bsdp.build(), SELECT_ORDER));
    }

    /** An INFORM carrying these option-43 instances. */
    public static DhcpPacket inform(int xid, ClientIdentity client, List<DhcpOption> vendorSpecific) {
        return DhcpPacket.builder().op(DhcpPacket.BOOTREQUEST).xid(xid).mac(client.mac()).ciaddr(client.ciaddr())
                .option(DhcpOption.of(DhcpOption.MESSAGE_TYPE, DhcpMessageType.INFORM.code()))
                .option(DhcpOption.of(DhcpOption.PARAMETER_REQUEST_LIST, DhcpOption.VENDOR_CLASS_IDENTIFIER,
                        DhcpOption.VENDOR_SPECIFIC))
                .option(DhcpOption.of(DhcpOption.MAX_MESSAGE_SIZE, ETHERNET_MTU >> 8, ETHERNET_MTU & 0xFF))
                .option(BsdpVendorClass.clientOption(client.architecture(), client.systemId()))
                .options(vendorSpecific)
                .build();
    }
}
