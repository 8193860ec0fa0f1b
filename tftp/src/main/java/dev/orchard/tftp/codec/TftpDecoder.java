package dev.orchard.tftp.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static dev.orchard.tftp.codec.MalformedPacketException.Reason.DUPLICATE_OPTION;
import static dev.orchard.tftp.codec.MalformedPacketException.Reason.EMPTY_OPTION_NAME;
import static dev.orchard.tftp.codec.MalformedPacketException.Reason.FIELD_TOO_LONG;
import static dev.orchard.tftp.codec.MalformedPacketException.Reason.MISSING_TERMINATOR;
import static dev.orchard.tftp.codec.MalformedPacketException.Reason.OPTION_WITHOUT_VALUE;
import static dev.orchard.tftp.codec.MalformedPacketException.Reason.TOO_LONG;
import static dev.orchard.tftp.codec.MalformedPacketException.Reason.TOO_MANY_OPTIONS;
import static dev.orchard.tftp.codec.MalformedPacketException.Reason.TOO_SHORT;
import static dev.orchard.tftp.codec.MalformedPacketException.Reason.UNKNOWN_OPCODE;

/**
 * Bytes → {@link TftpPacket}. Bounded everywhere (tftp-hpa CVE-2011-2199, atftpd CVE-2021-46671 and
 * CVE-2019-11365 came from unbounded option and error parsing): requests at most 512 octets (RFC 2347),
 * at most {@value #MAX_OPTIONS} options, names and values of bounded length. Reads the readable bytes
 * without moving the reader index and never retains nor releases the buffer: the caller owns it.
 * The only exception that leaves is {@link MalformedPacketException}.
 */
public final class TftpDecoder {

    /** RFC 2347: "the maximum size of a request packet is 512 octets". */
    public static final int MAX_REQUEST = 512;
    public static final int MAX_OPTIONS = 32;
    public static final int MAX_OPTION_NAME = 64;
    public static final int MAX_OPTION_VALUE = 255;

    private TftpDecoder() {
    }

    /** Decodes one datagram payload. */
    public static TftpPacket decode(ByteBuf buf) throws MalformedPacketException {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < 2) {
            throw new MalformedPacketException(TOO_SHORT, 0, length + " octets");
        }
        int code = buf.getUnsignedShort(start);
        Opcode op = Opcode.of(code);
        if (op == null) {
            throw new MalformedPacketException(UNKNOWN_OPCODE, 0, "opcode " + code);
        }
        return switch (op) {
            case RRQ, WRQ -> request(op, buf, start, length);
            case DATA -> data(buf, start, length);
            case ACK -> ack(buf, start, length);
            case ERROR -> error(buf, start, length);
            case OACK -> new OptionAck(options(buf, start + 2, start + length, start));
        };
    }

    /** The opcode value of a datagram, or -1 when it is shorter than two octets. */
    public static int opcode(ByteBuf buf) {
        return buf.readableBytes() < 2 ? -1 : buf.getUnsignedShort(buf.readerIndex());
    }

    /** Hot path: the wire block number of a DATA or ACK datagram (caller checked opcode and length ≥ 4). */
    public static int dataBlock(ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex() + 2);
    }

    private static TftpPacket request(Opcode op, ByteBuf buf, int start, int length)
            throws MalformedPacketException {
        if (length > MAX_REQUEST) {
            throw new MalformedPacketException(TOO_LONG, MAX_REQUEST, length + " octets, RFC 2347 allows 512");
        }
        int end = start + length;
        int filenameEnd = terminator(buf, start + 2, end, start, "filename");
        int modeEnd = terminator(buf, filenameEnd + 1, end, start, "mode");
        String filename = latin1(buf, start + 2, filenameEnd);
        String mode = latin1(buf, filenameEnd + 1, modeEnd);
        TftpOptions options = options(buf, modeEnd + 1, end, start);
        return op == Opcode.RRQ ? new ReadRequest(filename, mode, options) : new WriteRequest(filename, mode, options);
    }

    private static TftpOptions options(ByteBuf buf, int from, int end, int start) throws MalformedPacketException {
        if (end - start > MAX_REQUEST) {
            throw new MalformedPacketException(TOO_LONG, MAX_REQUEST, (end - start) + " octets of options");
        }
        Map<String, String> values = new LinkedHashMap<>();
        int at = from;
        while (at < end) {
            if (values.size() == MAX_OPTIONS) {
                throw new MalformedPacketException(TOO_MANY_OPTIONS, at - start, "more than " + MAX_OPTIONS);
            }
            int nameEnd = terminator(buf, at, end, start, "option name");
            if (nameEnd == at) {
                throw new MalformedPacketException(EMPTY_OPTION_NAME, at - start, "empty option name");
            }
            if (nameEnd - at > MAX_OPTION_NAME) {
                throw new MalformedPacketException(FIELD_TOO_LONG, at - start, "option name over " + MAX_OPTION_NAME);
            }
            if (nameEnd + 1 >= end) {
                throw new MalformedPacketException(OPTION_WITHOUT_VALUE, nameEnd - start, "option without value");
            }
            int valueEnd = terminator(buf, nameEnd + 1, end, start, "option value");
            if (valueEnd - nameEnd - 1 > MAX_OPTION_VALUE) {
                throw new MalformedPacketException(FIELD_TOO_LONG, nameEnd + 1 - start,
                        "option value over " + MAX_OPTION_VALUE);
            }
            String name = latin1(buf, at, nameEnd).toLowerCase(Locale.ROOT);
            if (values.put(name, latin1(buf, nameEnd + 1, valueEnd)) != null) {
                // RFC 2347: "an option may only be specified once"
                throw new MalformedPacketException(DUPLICATE_OPTION, at - start, "option " + name + " twice");
            }
            at = valueEnd + 1;
        }
        return new TftpOptions(values);
    }

    private static Data data(ByteBuf buf, int start, int length) throws MalformedPacketException {
        if (length < 4) {
            throw new MalformedPacketException(TOO_SHORT, length, "DATA needs 4 octets");
        }
        if (length - 4 > Data.MAX_PAYLOAD) {
            throw new MalformedPacketException(TOO_LONG, 4 + Data.MAX_PAYLOAD, "DATA payload " + (length - 4));
        }
        byte[] payload = new byte[length - 4];
        buf.getBytes(start + 4, payload);
        return new Data(buf.getUnsignedShort(start + 2), payload);
    }

    private static Ack ack(ByteBuf buf, int start, int length) throws MalformedPacketException {
        if (length < 4) {
            throw new MalformedPacketException(TOO_SHORT, length, "ACK needs 4 octets");
        }
        // Lenient: trailing octets after the block number are ignored.
        return new Ack(buf.getUnsignedShort(start + 2));
    }

    private static ErrorPacket error(ByteBuf buf, int start, int length) throws MalformedPacketException {
        if (length < 4) {
            throw new MalformedPacketException(TOO_SHORT, length, "ERROR needs 4 octets");
        }
        int end = start + length;
        int nul = buf.indexOf(start + 4, end, (byte) 0);
        // Lenient: a message without its NUL ends at the datagram's end (never trust a length: CVE-2019-11365).
        int messageEnd = nul < 0 ? end : nul;
        int bounded = Math.min(messageEnd, start + 4 + ErrorPacket.MAX_MESSAGE);
        return new ErrorPacket(TftpErrorCode.of(buf.getUnsignedShort(start + 2)), latin1(buf, start + 4, bounded));
    }

    private static int terminator(ByteBuf buf, int from, int end, int start, String field)
            throws MalformedPacketException {
        int nul = from >= end ? -1 : buf.indexOf(from, end, (byte) 0);
        if (nul < 0) {
            throw new MalformedPacketException(MISSING_TERMINATOR, Math.min(from, end) - start, field + " without NUL");
        }
        return nul;
    }

    private static String latin1(ByteBuf buf, int from, int to) {
        return buf.toString(from, to - from, StandardCharsets.ISO_8859_1);
    }
}
