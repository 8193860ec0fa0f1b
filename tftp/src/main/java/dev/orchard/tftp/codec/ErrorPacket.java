package dev.orchard.tftp.codec;

import java.util.Objects;

/** ERROR (RFC 1350 §5): a code and a human-readable message (never acknowledged nor retransmitted). */
public record ErrorPacket(TftpErrorCode code, String message) implements TftpPacket {

    /** Longest message we send or keep: the reply must fit a 512-octet datagram like everything else. */
    public static final int MAX_MESSAGE = 500;

    public ErrorPacket {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE);
        }
    }

    @Override
    public Opcode opcode() {
        return Opcode.ERROR;
    }
}
