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
 *
 * <p>Datagrams over {@link #MAX_REQUEST} bytes are dropped as {@link DropReason#OVERSIZED}. The socket
 * reads at most {@link #RECEIVE_BUFFER} = MAX_REQUEST + 1 bytes and the kernel silently discards the
 * rest of a longer datagram, so a read that fills the whole buffer is exactly a datagram over the limit
 * (no {@code MSG_TRUNC} needed). Without this, the cut-off first 4096 bytes of a 5000-byte packet could
 * parse as a valid request and be answered.
 */
@ChannelHandler.Sharable
final class DhcpDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(DhcpDatagramDecoder.class);

    /** Larger than any DHCP request on a 1500-byte Ethernet (RFC 2131 clients send at most their MTU). */
    static final int MAX_REQUEST = 4096;
    /** What the socket must read per datagram so that an oversized one is recognised. */
    static final int RECEIVE_BUFFER = MAX_REQUEST + 1;

    private final BsdpMetrics metrics;
    private final ThrottledLog malformed = new ThrottledLog(LOG, 1000);
    private final ThrottledLog oversized = new ThrottledLog(LOG, 1000);

    DhcpDatagramDecoder(BsdpMetrics metrics) {
        super(DatagramPacket.class);
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket msg, List<Object> out) {
        ByteBuf content = msg.content();
        if (content.readableBytes() > MAX_REQUEST) {
            metrics.requestDropped(DropReason.OVERSIZED);
            oversized.info("datagram of more than {} bytes from {} dropped (oversized)", MAX_REQUEST, msg.sender());
            return;
        }
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
