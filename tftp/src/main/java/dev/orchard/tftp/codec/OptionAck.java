package dev.orchard.tftp.codec;

import java.util.Objects;

/** OACK (RFC 2347): the options the server accepted, each with its final value. */
public record OptionAck(TftpOptions options) implements TftpPacket {

    public OptionAck {
        Objects.requireNonNull(options, "options");
    }

    @Override
    public Opcode opcode() {
        return Opcode.OACK;
    }
}
