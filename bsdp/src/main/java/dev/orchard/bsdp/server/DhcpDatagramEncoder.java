package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.DhcpPacketCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/** {@link OutboundReply} → datagram to the Mac; the reply leaves from our bound port (67). */
@ChannelHandler.Sharable
final class DhcpDatagramEncoder extends MessageToMessageEncoder<OutboundReply> {

    DhcpDatagramEncoder() {
        super(OutboundReply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundReply msg, List<Object> out) {
        out.add(new DatagramPacket(Unpooled.wrappedBuffer(DhcpPacketCodec.encode(msg.packet())), msg.recipient()));
    }
}
