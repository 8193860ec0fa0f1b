package dev.orchard.tftp.codec;

/** TFTP opcodes (RFC 1350 §5; OACK from RFC 2347). */
public enum Opcode {
    RRQ(1), WRQ(2), DATA(3), ACK(4), ERROR(5), OACK(6);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /** The two-octet value on the wire. */
    public int code() {
        return code;
    }

    /** The opcode for a wire value, or {@code null} when it is not one of the six. */
    public static Opcode of(int code) {
        return code >= 1 && code <= 6 ? values()[code - 1] : null;
    }
}
