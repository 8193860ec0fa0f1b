package dev.orchard.bsdp.codec;

import java.util.Optional;

/** DHCP message types (RFC 2132 §9.6, option 53). BSDP uses only INFORM (client) and ACK (server). */
public enum DhcpMessageType {
    DISCOVER(1), OFFER(2), REQUEST(3), DECLINE(4), ACK(5), NAK(6), RELEASE(7), INFORM(8);

    private final int code;

    DhcpMessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Lenient lookup for bytes from the wire: an unknown code is empty, not an error. */
    public static Optional<DhcpMessageType> of(int code) {
        for (DhcpMessageType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
