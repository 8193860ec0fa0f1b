package dev.orchard.tftp.spi;

/** Why a received datagram was dropped or answered with an error (closed: a metric tag). */
public enum PacketRejection {
    /** The decoder refused it (too short or long, missing NUL, option flood…). */
    MALFORMED,
    /** An opcode outside 1..6. */
    UNKNOWN_OPCODE,
    /** A valid packet that has no business where it arrived (ACK to port 69, OACK to the server…). */
    UNEXPECTED_OPCODE,
    /** A request addressed to a broadcast address (RFC 1123 §4.2.3.5). */
    BROADCAST_DESTINATION,
    /** From an address or port that is not this transfer's peer (RFC 1350 §4). */
    STRAY_TID,
    /** An ACK for a block not yet sent. */
    ACK_AHEAD_OF_WINDOW
}
