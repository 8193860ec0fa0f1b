package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.BootImage;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.BsdpOptions;
import dev.orchard.bsdp.codec.BsdpOptionsCodec;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.Ipv4;

import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * One server's ACK[LIST] as a Mac reads it: the server identifier comes from DHCP option 54 (the
 * client copies it into sub-option 3 of its SELECT), the rest from option 43, the image list being
 * the concatenation of every sub-option 9.
 *
 * @param server       option 54
 * @param priority     sub-option 4 (0 when absent)
 * @param defaultImage sub-option 7
 * @param selected     sub-option 8: this Mac's existing binding on that server
 * @param images       the image list
 * @param packet       the whole reply
 */
public record ListOffer(Inet4Address server, int priority, Optional<BootImageId> defaultImage,
                        Optional<BootImageId> selected, List<BootImage> images, DhcpPacket packet) {

    public ListOffer {
        images = List.copyOf(images);
    }

    /** Reads an ACK[LIST]; throws {@link dev.orchard.bsdp.codec.MalformedPacketException} on bad option 43. */
    public static ListOffer of(DhcpPacket ack) {
        BsdpOptions bsdp = BsdpOptionsCodec.decode(ack.allOptions(DhcpOption.VENDOR_SPECIFIC));
        Inet4Address server = ack.option(DhcpOption.SERVER_IDENTIFIER).filter(o -> o.length() == 4)
                .map(o -> Ipv4.of(o.data(), 0)).orElse(Ipv4.ZERO);
        return new ListOffer(server, bsdp.serverPriority().orElse(0), bsdp.defaultImage(), bsdp.selectedImage(),
                bsdp.imageList(), ack);
    }
}
