package dev.orchard.tftp.codec;

import java.util.Objects;

/**
 * RRQ (RFC 1350 §5) with the options of RFC 2347. The filename is kept exactly as sent, one char per
 * octet (ISO-8859-1), so that control characters and non-ASCII octets stay visible to path validation.
 *
 * @param filename the requested name, octets as chars
 * @param mode     the transfer mode as sent (compare case-insensitively)
 * @param options  the requested options, names lower-cased
 */
public record ReadRequest(String filename, String mode, TftpOptions options) implements TftpPacket {

    public ReadRequest {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
    }

    /** An RRQ without options. */
    public static ReadRequest of(String filename, String mode) {
        return new ReadRequest(filename, mode, TftpOptions.NONE);
    }

    @Override
    public Opcode opcode() {
        return Opcode.RRQ;
    }
}
