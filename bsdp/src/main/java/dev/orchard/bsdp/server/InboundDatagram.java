package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.DhcpPacket;

import java.net.InetSocketAddress;

/** A decoded DHCP packet and who sent it (a relay or the Mac), as it leaves the decoder. */
record InboundDatagram(DhcpPacket packet, InetSocketAddress sender) {
}
