package dev.orchard.bsdp.spi;

/**
 * Why a packet got no reply. Most are protocol-correct silence (Apple's server is silent in the same
 * cases); the last few are failures on our side.
 */
public enum DropReason {
    /** The bytes cannot be framed as BOOTP/DHCP/BSDP (short packet, option past the end, bad sub-option length). */
    MALFORMED,
    /** A datagram over 4096 bytes: no DHCP client sends one; dropped whole rather than read cut short. */
    OVERSIZED,
    /** Not a BOOTREQUEST (op 2: a reply from some server). */
    NOT_BOOTREQUEST,
    /** Apple's request filter: sname or siaddr names another server. */
    OTHER_SERVER_NAMED,
    /** An ordinary DHCP/BOOTP packet (no {@code AAPLBSDPC} class, no BSDP version): never ours to answer. */
    NOT_BSDP,
    /** {@code AAPLBSDPC} but a BSDP version other than 1.1, 1.0 or 0.0 (Apple: not a BSDP packet). */
    UNSUPPORTED_VERSION,
    /** NetBoot 1.0 (version 0.0 or sub-option 10): Mac OS 9-era machines, not served. */
    NETBOOT_1_0,
    /** chaddr is not a 6-byte Ethernet address. */
    NOT_ETHERNET,
    /** A BSDP DISCOVER or REQUEST: the site's DHCP server answers those; Orchard only answers INFORMs. */
    NOT_INFORM,
    /** Reply port (sub-option 5) ≥ 1024: Apple requires a privileged port (allowed only by an explicit setting). */
    REPLY_PORT_NOT_PRIVILEGED,
    /** Reply port 0: nothing can be sent there. */
    REPLY_PORT_ZERO,
    /** An INFORM with ciaddr 0.0.0.0: there is no address to answer to. */
    NO_CLIENT_ADDRESS,
    /** No BSDP message type (sub-option 1). */
    NO_MESSAGE_TYPE,
    /** A BSDP message type other than LIST or SELECT. */
    UNKNOWN_MESSAGE_TYPE,
    /** No image applies to this Mac (the policy answered none): another server may answer it. */
    NO_IMAGE,
    /** An INFORM[SELECT] without a server identifier (sub-option 3). */
    SELECT_WITHOUT_SERVER,
    /** An INFORM[SELECT] for another server; our binding for that Mac is dropped, as Apple does. */
    SELECT_FOR_OTHER_SERVER,
    /** No local address routes to the client (ciaddr). */
    NO_ROUTE,
    /**
     * The route to the client leaves through an interface the server was told not to answer on
     * ({@code --interface}, {@code server.interfaces}): another server owns that network.
     */
    INTERFACE_NOT_SERVED,
    /** The boot policy threw. */
    POLICY_FAILED,
    /** Too many requests waiting for the policy: shed instead of queueing without bound. */
    OVERLOADED,
    /** The reply could not be sent. */
    SEND_FAILED,
    /** An unexpected error (a bug, or a failing binding store); logged with its stack trace. */
    INTERNAL_ERROR
}
