package dev.orchard.multicast.wire;

/**
 * A datagram that is not a well-formed chunk datagram of this format (garbage, another protocol on the same
 * group and port, a truncated or corrupted packet); the message names the first check that failed. The only
 * exception {@link ChunkDatagram#decode} throws: a receiver counts it and drops the datagram.
 */
public final class MalformedDatagramException extends Exception {

    /** Why a datagram was refused; a closed set, so receivers can count them. */
    public enum Reason { TOO_SHORT, TOO_LONG, MAGIC, VERSION, FLAGS, LENGTH, FIELD, CHECKSUM }

    private final Reason reason;

    MalformedDatagramException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
