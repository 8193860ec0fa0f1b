package dev.orchard.bsdp.server;

import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.codec.MalformedPacketException;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Datagram → {@link InboundDatagram}. The bytes are copied out and the buffer released here (by
 * {@link MessageToMessageDecoder}), so no reference-counted object travels further. Bytes that cannot
 * be framed are counted, logged (throttled) and dropped; the channel stays open.
 */
@ChannelHandler.Sharable
final class DhcpDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(DhcpDatagramDecoder.class);

    private final BsdpMetrics metrics;
    private final ThrottledLog malformed = new ThrottledLog(LOG, 1000);

    DhcpDatagramDecoder(BsdpMetrics metrics) {
        super(DatagramPacket.class);
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket msg, List<Object> out) {
        ByteBuf content = msg.content();
        byte[] bytes = ByteBufUtil.getBytes(content, content.readerIndex(), content.readableBytes(), false);
        try {
            DhcpPacket packet = DhcpPacketCodec.decode(bytes);
            out.add(new InboundDatagram(packet, msg.sender()));
        } catch (MalformedPacketException e) {
            metrics.requestDropped(DropReason.MALFORMED);
            malformed.info("malformed packet from {} dropped: {}", msg.sender(), e.getMessage());
        }
    }
}
