package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.codec.MalformedPacketException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

/** Decodes server replies and hands them to the request waiting for their xid; anything else is ignored. */
final class ClientReplyHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final PendingRequests pending;

    ClientReplyHandler(PendingRequests pending) {
        this.pending = pending;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
        byte[] bytes = ByteBufUtil.getBytes(msg.content());
        try {
            DhcpPacket reply = DhcpPacketCodec.decode(bytes);
            if (reply.op() == DhcpPacket.BOOTREPLY) {
                pending.offer(reply);
            }
        } catch (MalformedPacketException ignored) {
            // a real Mac ignores a reply it cannot parse; so does the simulation
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a bad datagram never closes the client socket
    }
}
