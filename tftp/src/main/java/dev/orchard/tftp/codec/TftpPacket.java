package dev.orchard.tftp.codec;

/**
 * One TFTP datagram as an immutable value. Decode with {@link TftpDecoder#decode(io.netty.buffer.ByteBuf)},
 * encode with {@link TftpEncoder#encode(TftpPacket, io.netty.buffer.ByteBufAllocator)}.
 *
 * <pre>{@code
 * TftpPacket p = TftpDecoder.decode(datagram.content());
 * if (p instanceof ReadRequest rrq) { ... rrq.filename() ... }
 * }</pre>
 */
public sealed interface TftpPacket permits ReadRequest, WriteRequest, Data, Ack, ErrorPacket, OptionAck {

    /** The packet's opcode. */
    Opcode opcode();
}
