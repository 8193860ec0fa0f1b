package dev.orchard.tftp.codec;

/**
 * The one exception {@link TftpDecoder} throws: the datagram is not a well-formed TFTP packet. The reason
 * is a closed enum so that it can tag a metric; the offset says where decoding stopped.
 */
public final class MalformedPacketException extends Exception {

    /** Why a datagram was refused by the decoder. */
    public enum Reason {
        TOO_SHORT, TOO_LONG, UNKNOWN_OPCODE, MISSING_TERMINATOR, FIELD_TOO_LONG, TOO_MANY_OPTIONS,
        OPTION_WITHOUT_VALUE, EMPTY_OPTION_NAME, DUPLICATE_OPTION
    }

    private final Reason reason;
    private final int offset;

    public MalformedPacketException(Reason reason, int offset, String detail) {
        super(reason + " at offset " + offset + ": " + detail, null, false, false);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    public int offset() {
        return offset;
    }
}
