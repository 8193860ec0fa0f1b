package dev.orchard.tftp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@link TftpPacket} → bytes. Each packet is built in a buffer of its own exact size (atftpd
 * CVE-2021-41054 built its OACK inside the DATA buffer and overflowed it). The caller owns the result.
 */
public final class TftpEncoder {

    /** Octets of the DATA header (opcode and block number). */
    public static final int DATA_HEADER = 4;

    private TftpEncoder() {
    }

    public static ByteBuf encode(TftpPacket packet, ByteBufAllocator alloc) {
        if (packet instanceof ReadRequest r) {
            return request(Opcode.RRQ, r.filename(), r.mode(), r.options(), alloc);
        }
        if (packet instanceof WriteRequest w) {
            return request(Opcode.WRQ, w.filename(), w.mode(), w.options(), alloc);
        }
        if (packet instanceof Data d) {
            ByteBuf out = alloc.buffer(DATA_HEADER + d.length());
            writeDataHeader(out, d.block());
            return out.writeBytes(d.payload());
        }
        if (packet instanceof Ack a) {
            return ack(a.block(), alloc);
        }
        if (packet instanceof ErrorPacket e) {
            ByteBuf out = alloc.buffer(5 + e.message().length());
            out.writeShort(Opcode.ERROR.code()).writeShort(e.code().code());
            writeString(out, e.message());
            return out;
        }
        OptionAck o = (OptionAck) packet;
        ByteBuf out = alloc.buffer(2 + optionsLength(o.options()));
        out.writeShort(Opcode.OACK.code());
        writeOptions(out, o.options());
        return out;
    }

    /** Hot path: writes the 4-octet DATA header for a 16-bit wire block number. */
    public static ByteBuf writeDataHeader(ByteBuf out, int wireBlock) {
        return out.writeShort(Opcode.DATA.code()).writeShort(wireBlock);
    }

    /** Hot path: a 4-octet ACK. */
    public static ByteBuf ack(int wireBlock, ByteBufAllocator alloc) {
        return alloc.buffer(4).writeShort(Opcode.ACK.code()).writeShort(wireBlock);
    }

    private static ByteBuf request(Opcode op, String filename, String mode, TftpOptions options,
                                   ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(4 + filename.length() + mode.length() + optionsLength(options));
        out.writeShort(op.code());
        writeString(out, filename);
        writeString(out, mode);
        writeOptions(out, options);
        return out;
    }

    private static int optionsLength(TftpOptions options) {
        int n = 0;
        for (Map.Entry<String, String> e : options.values().entrySet()) {
            n += e.getKey().length() + e.getValue().length() + 2;
        }
        return n;
    }

    private static void writeOptions(ByteBuf out, TftpOptions options) {
        options.values().forEach((k, v) -> {
            writeString(out, k);
            writeString(out, v);
        });
    }

    private static void writeString(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
        out.writeByte(0);
    }
}
