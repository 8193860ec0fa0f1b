package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.BsdpOptions;
import dev.orchard.bsdp.codec.BsdpOptionsCodec;
import dev.orchard.bsdp.codec.BsdpSubOption;
import dev.orchard.bsdp.codec.BsdpVendorClass;
import dev.orchard.bsdp.codec.DhcpMessageType;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.bsdp.codec.MalformedPacketException;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides, from the packet alone and cheaply (it runs on the event loop), whether a datagram is a BSDP
 * request Orchard should answer, in Apple's order ({@code bootpd.c} request filter, {@code bsdpd.c
 * is_bsdp_packet} and {@code bsdp_request}). Anything that is not a BSDP INFORM — above all every
 * ordinary DHCP DISCOVER/REQUEST/INFORM on the wire — is dropped silently: Orchard never disturbs the
 * site's DHCP server.
 */
final class RequestClassifier {

    /** The verdict on one packet. */
    sealed interface Verdict {
        /** Answer it. */
        record Accept(BsdpRequest request) implements Verdict {
        }

        /** Stay silent. */
        record Drop(DropReason reason, String detail) implements Verdict {
        }
    }

    private final BsdpServerConfig config;
    private final BsdpMetrics metrics;

    RequestClassifier(BsdpServerConfig config, BsdpMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    Verdict classify(DhcpPacket p, InetSocketAddress sender) {
        if (p.op() != DhcpPacket.BOOTREQUEST) {
            return drop(DropReason.NOT_BOOTREQUEST, "op " + p.op());
        }
        if (!p.sname().isEmpty() && !config.serverName().isEmpty() && !p.sname().equals(config.serverName())) {
            return drop(DropReason.OTHER_SERVER_NAMED, "sname " + p.sname());
        }
        OptionalInt dhcpType = p.messageType();
        Optional<BsdpVendorClass> vendorClass = p.option(DhcpOption.VENDOR_CLASS_IDENTIFIER)
                .flatMap(o -> BsdpVendorClass.parse(o.data()));
        if (dhcpType.isEmpty() || vendorClass.isEmpty()) {
            return drop(DropReason.NOT_BSDP, dhcpType.isEmpty() ? "no DHCP message type" : "no AAPLBSDPC class");
        }
        BsdpOptions bsdp;
        try {
            bsdp = BsdpOptionsCodec.decode(p.allOptions(DhcpOption.VENDOR_SPECIFIC));
        } catch (MalformedPacketException e) {
            return drop(DropReason.MALFORMED, e.getMessage());
        }
        if (bsdp.version().isEmpty()) {
            return drop(DropReason.NOT_BSDP, "no BSDP version");
        }
        int version = bsdp.version().getAsInt();
        if (!BsdpSubOption.isSupportedVersion(version)) {
            return drop(DropReason.UNSUPPORTED_VERSION, "version 0x" + Integer.toHexString(version));
        }
        if (version == BsdpSubOption.VERSION_0_0 || bsdp.netboot10Firmware()) {
            return drop(DropReason.NETBOOT_1_0, "NetBoot 1.0 client");
        }
        Optional<MacAddress> mac = p.ethernetAddress();
        if (mac.isEmpty()) {
            return drop(DropReason.NOT_ETHERNET, "htype " + p.htype() + " hlen " + p.hlen());
        }
        if (dhcpType.getAsInt() != DhcpMessageType.INFORM.code()) {
            return drop(DropReason.NOT_INFORM, "DHCP message type " + dhcpType.getAsInt());
        }
        int replyPort = bsdp.replyPort().orElse(BsdpServerConfig.BOOTPC);
        if (replyPort == 0) {
            return drop(DropReason.REPLY_PORT_ZERO, "reply port 0");
        }
        if (replyPort >= 1024 && !config.allowHighReplyPorts()) {
            return drop(DropReason.REPLY_PORT_NOT_PRIVILEGED, "reply port " + replyPort);
        }
        if (Ipv4.isZero(p.ciaddr())) {
            return drop(DropReason.NO_CLIENT_ADDRESS, "INFORM with ciaddr 0.0.0.0");
        }
        if (bsdp.messageType().isEmpty()) {
            return drop(DropReason.NO_MESSAGE_TYPE, "no BSDP message type");
        }
        Optional<BsdpMessageType> type = bsdp.bsdpMessageType().filter(t -> t != BsdpMessageType.FAILED);
        metrics.requestReceived(type.map(t -> t == BsdpMessageType.LIST ? BsdpMetrics.RequestType.LIST
                : BsdpMetrics.RequestType.SELECT).orElse(BsdpMetrics.RequestType.OTHER));
        if (type.isEmpty()) {
            return drop(DropReason.UNKNOWN_MESSAGE_TYPE, "BSDP message type " + bsdp.messageType().getAsInt());
        }
        return new Verdict.Accept(new BsdpRequest(p, bsdp, vendorClass.get(), mac.get(), type.get(), replyPort, sender));
    }

    private static Verdict drop(DropReason reason, String detail) {
        return new Verdict.Drop(reason, detail);
    }
}
