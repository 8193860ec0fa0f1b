package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.bsdp.client.ListOffer;
import dev.orchard.bsdp.codec.BsdpInforms;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.CatalogBootPolicy;
import dev.orchard.bsdp.spi.DropReason;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.bsdp.spi.RecordingBsdpMetrics;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The Netty pipeline (decoder → handler → encoder) on an EmbeddedChannel: replies, silence, buffers released. */
class BsdpPipelineTest {

    @TempDir
    Path nbi;

    private final RecordingBsdpMetrics metrics = new RecordingBsdpMetrics();

    private EmbeddedChannel channel() {
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).write();
        LiveCatalog catalog = new LiveCatalog(NbiCatalogScanner.standard(), List.of(nbi));
        catalog.rescan();
        BsdpServerConfig config = BsdpServerConfig.builder().allowHighReplyPorts(true).build();
        BsdpResponder responder = new BsdpResponder(config, catalog, new CatalogBootPolicy(), new InMemoryBindingStore(),
                ServerAddressResolver.fixed(Ipv4.parse("10.0.0.5")), metrics);
        return new EmbeddedChannel(new DhcpDatagramDecoder(metrics), new DhcpDatagramEncoder(),
                new BsdpRequestHandler(new RequestClassifier(config, metrics), responder, Runnable::run, metrics));
    }

    private static DatagramPacket datagram(byte[] bytes) {
        return new DatagramPacket(Unpooled.wrappedBuffer(bytes), new InetSocketAddress("10.0.0.5", 67),
                new InetSocketAddress("10.0.0.20", 68));
    }

    @Test
    void aListIsAnsweredToCiaddrAndTheReplyPort() {
        EmbeddedChannel ch = channel();
        byte[] list = DhcpPacketCodec.encode(BsdpInforms.list(1, new BsdpInforms.ClientIdentity(
                MacAddress.parse("00:1e:c2:00:00:01"), Ipv4.parse("10.0.0.20"), "i386", "iMac18,1"), OptionalInt.of(890),
                List.of()));
        ch.writeInbound(datagram(list));
        ch.runPendingTasks();
        DatagramPacket reply = ch.readOutbound();
        try {
            assertThat(reply.recipient()).isEqualTo(new InetSocketAddress("10.0.0.20", 890));
            ListOffer offer = ListOffer.of(DhcpPacketCodec.decode(ByteBufUtil.getBytes(reply.content())));
            assertThat(offer.server()).isEqualTo(Ipv4.parse("10.0.0.5"));
        } finally {
            reply.release();
        }
        assertThat(metrics.replies(BsdpMetrics.ReplyType.ACK_LIST)).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void malformedAndForeignPacketsLeaveNothingBehind() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(datagram(new byte[10]));
        ch.writeInbound(datagram(new byte[300])); // BOOTP, op 0: not a request
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(metrics.drops(DropReason.MALFORMED)).isEqualTo(1);
        assertThat(metrics.drops(DropReason.NOT_BOOTREQUEST)).isEqualTo(1);
        assertThat(ch.isOpen()).as("a bad packet never closes the listener").isTrue();
        assertThat(ch.finish()).isFalse();
    }
}
