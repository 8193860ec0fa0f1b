package dev.orchard.bsdp.codec;

import java.util.Optional;

/**
 * How large a reply to an INFORM may be, as Apple's server computes it ({@code bsdpd.c
 * bsdp_max_message_size} and {@code bsdp_request}, spec §3.4.16):
 *
 * <ol>
 *   <li>the client's limit is BSDP sub-option 12 when present (two bytes), else DHCP option 57 (two bytes);
 *   <li>it counts only when larger than {@value #DHCP_PACKET_MIN}, the RFC 2131 minimum every client accepts;
 *   <li>it is capped at {@value #INFORM_CAP} (Apple's transmit buffer), then the 28-byte IP + UDP header is
 *       subtracted: the rest is the largest DHCP payload we send.
 * </ol>
 *
 * Why 12 and 57 both exist: Mac OS X ≤ 10.6 servers fell back to the minimum when 57 exceeded 1500, so
 * clients send 57 = 1500 and put a larger limit (8192) in sub-option 12.
 */
public final class ReplySizeLimit {

    /** RFC 2131 §2: every client must accept a 576-byte IP datagram, i.e. 548 bytes of DHCP. */
    public static final int DHCP_PACKET_MIN = 548;
    public static final int INFORM_CAP = 8192;
    /** IPv4 header (20) + UDP header (8). */
    public static final int IP_UDP_OVERHEAD = 28;

    private ReplySizeLimit() {
    }

    /** The largest DHCP payload (header + options) a reply to {@code request} may have. */
    public static int maxDhcpPayload(DhcpPacket request, BsdpOptions bsdp) {
        Optional<Integer> asked = bsdp.maxMessageSize().isPresent()
                ? Optional.of(bsdp.maxMessageSize().getAsInt())
                : request.option(DhcpOption.MAX_MESSAGE_SIZE).filter(o -> o.length() == 2)
                        .map(o -> (o.byteAt(0) << 8) | o.byteAt(1));
        int limit = asked.filter(v -> v > DHCP_PACKET_MIN).orElse(DHCP_PACKET_MIN);
        return Math.min(limit, INFORM_CAP) - IP_UDP_OVERHEAD;
    }
}
