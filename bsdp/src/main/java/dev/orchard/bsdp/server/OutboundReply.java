package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.spi.BsdpMetrics;

import java.net.InetSocketAddress;

/** A reply and where it goes (the Mac's ciaddr and reply port), as it enters the encoder. */
record OutboundReply(DhcpPacket packet, InetSocketAddress recipient, BsdpMetrics.ReplyType type) {
}
