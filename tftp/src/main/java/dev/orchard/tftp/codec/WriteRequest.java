package dev.orchard.tftp.codec;

import java.util.Objects;

/** WRQ (RFC 1350 §5). Orchard serves read-only and answers every WRQ with ERROR 2. */
public record WriteRequest(String filename, String mode, TftpOptions options) implements TftpPacket {

    public WriteRequest {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
    }

    @Override
    public Opcode opcode() {
        return Opcode.WRQ;
    }
}
