package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.BsdpOptions;
import dev.orchard.bsdp.codec.BsdpVendorClass;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.MacAddress;

import java.net.InetSocketAddress;

/**
 * A BSDP INFORM that passed every check that needs no policy or routing: a LIST or SELECT from an
 * Ethernet client with an address, a supported version and an acceptable reply port.
 *
 * @param packet      the decoded packet
 * @param bsdp        its BSDP sub-options
 * @param vendorClass architecture and model from option 60
 * @param mac         chaddr
 * @param type        LIST or SELECT
 * @param replyPort   where the reply goes: sub-option 5, else 68
 * @param sender      the UDP source (a relay, or the Mac); the reply goes to ciaddr, not here
 */
public record BsdpRequest(DhcpPacket packet, BsdpOptions bsdp, BsdpVendorClass vendorClass, MacAddress mac,
                          BsdpMessageType type, int replyPort, InetSocketAddress sender) {
}
