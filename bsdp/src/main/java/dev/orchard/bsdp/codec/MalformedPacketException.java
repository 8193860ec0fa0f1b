package dev.orchard.bsdp.codec;

/**
 * The one exception the codec throws for bytes that cannot be a DHCP/BSDP message: a packet shorter
 * than the BOOTP header, an option or BSDP sub-option whose length runs past the end of its area, a
 * fixed-size sub-option with the wrong length. The message names the field and the offending values so
 * the log line alone explains the drop; the server answers such packets with silence and a counter.
 */
public final class MalformedPacketException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(message);
    }

    /** No stack trace: malformed packets are expected input, counted and logged, never a bug. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
