package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.ListOffer;
import dev.orchard.bsdp.client.SimulatedMac;
import dev.orchard.bsdp.codec.BsdpInforms;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken input over a real socket: every packet is answered with silence and a counter, or
 * (when it is valid after all) with a correct reply; nothing escapes, nothing leaks (paranoid leak
 * detection fails the build), and the server keeps answering.
 */
class AdversarialIT {

    @TempDir
    Path nbi;

    private static final SimulatedMac MAC = SimulatedMac.intel(MacAddress.parse("00:1e:c2:aa:bb:cc"),
            Ipv4.parse("127.0.0.1"), "iMac18,1");

    private static DhcpPacket replace43(DhcpPacket p, List<DhcpOption> vendor) {
        List<DhcpOption> options = new ArrayList<>(p.options().stream().filter(o -> o.code() != 43).toList());
        options.addAll(vendor);
        return p.toBuilder().clearOptions().options(options).build();
    }

    @Test
    void brokenPacketsAreSilentCountedAndTheServerKeepsAnswering() throws Exception {
        for (int i = 1; i <= 300; i++) {
            NbiFixture.bundle(nbi, String.format("Image%03d.nbi", i)).index(i)
                    .name("An image with a fairly long descriptive name number " + i).write();
        }
        try (LoopbackServer s = new LoopbackServer(nbi); BsdpClient client = s.client()) {
            DhcpPacket valid = BsdpInforms.list(client.nextXid(), new BsdpInforms.ClientIdentity(MAC.mac(), MAC.ciaddr(),
                    "i386", "iMac18,1"), client.replyPort(), List.of());
            byte[] wire = DhcpPacketCodec.encode(valid);
            int malformed = 0;
            // truncated packets
            for (int len : new int[] {0, 1, 10, 100, 235}) {
                client.sendRaw(Arrays.copyOf(wire, len));
                malformed++;
            }
            // an option length running past the end
            byte[] overrun = Arrays.copyOf(wire, DhcpPacketCodec.OPTIONS_OFFSET + 4);
            overrun[DhcpPacketCodec.OPTIONS_OFFSET] = 60;
            overrun[DhcpPacketCodec.OPTIONS_OFFSET + 1] = (byte) 200;
            client.sendRaw(overrun);
            malformed++;
            // bad sub-option lengths inside option 43
            for (int[] bad : new int[][] {{1, 2, 1, 1, 2, 2, 1, 1}, {1, 1, 1, 2, 9, 1, 1}, {1, 1, 1, 2, 2, 1, 1, 12},
                    {1, 1, 1, 2, 2, 1, 1, 9, 3, 1, 0, 0}}) {
                client.sendRaw(DhcpPacketCodec.encode(replace43(valid.toBuilder().xid(client.nextXid()).build(),
                        List.of(DhcpOption.of(43, bad)))));
                malformed++;
            }
            // reply port 0 and a privileged-port check that is off here
            client.sendRaw(DhcpPacketCodec.encode(replace43(valid.toBuilder().xid(client.nextXid()).build(),
                    List.of(DhcpOption.of(43, 1, 1, 1, 2, 2, 1, 1, 5, 2, 0, 0)))));
            // random garbage
            Random random = new Random(42);
            for (int i = 0; i < 500; i++) {
                byte[] junk = new byte[random.nextInt(600)];
                random.nextBytes(junk);
                client.sendRaw(junk);
            }
            // a thousand tiny options in front of a valid LIST: valid, so answered
            List<DhcpOption> tiny = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                tiny.add(new DhcpOption(224 + i % 30, new byte[0]));
            }
            tiny.addAll(valid.options());
            DhcpPacket many = valid.toBuilder().xid(client.nextXid()).clearOptions().options(tiny).build();
            assertThat(client.request(many).get(10, TimeUnit.SECONDS)).hasSize(1);
            // huge max message size: the reply is capped at 8192 bytes on the wire and cut cleanly
            DhcpPacket huge = replace43(valid.toBuilder().xid(client.nextXid()).build(),
                    List.of(DhcpOption.of(43, 1, 1, 1, 2, 2, 1, 1, 5, 2, client.replyPort().getAsInt() >> 8,
                            client.replyPort().getAsInt() & 0xFF, 12, 2, 0xFF, 0xFF)));
            DhcpPacket big = client.request(huge).get(10, TimeUnit.SECONDS).get(0);
            assertThat(DhcpPacketCodec.encode(big).length).isLessThanOrEqualTo(8192 - 28);
            assertThat(ListOffer.of(big).images().size()).isBetween(2, 299);

            // still answering a normal Mac
            assertThat(client.boot(MAC).get(10, TimeUnit.SECONDS).failed()).isFalse();
            int expectedMalformed = malformed;
            Eventually.await(Duration.ofSeconds(10), () -> s.metrics.drops(DropReason.MALFORMED) >= expectedMalformed
                    && s.metrics.drops(DropReason.REPLY_PORT_ZERO) == 1, "drops counted: " + s.metrics);
            assertThat(s.metrics.drops(DropReason.INTERNAL_ERROR)).isZero();
            assertThat(s.metrics.drops(DropReason.SEND_FAILED)).isZero();
            assertThat(s.metrics.truncations()).isGreaterThanOrEqualTo(2);
            // a reply is counted when its write completes, which may be just after the client saw it
            Eventually.await(Duration.ofSeconds(5), () -> s.metrics.replies(BsdpMetrics.ReplyType.ACK_SELECT) == 1,
                    "one ACK[SELECT] counted: " + s.metrics);
        }
    }

    /**
     * Datagrams over 4096 bytes are dropped whole and counted, not read cut short: each of these is a
     * valid INFORM[LIST] followed by zero padding (after option 255, which DHCP allows), so its first
     * 4096 bytes would parse and be answered. The 4096-byte one is valid and answered.
     */
    @Test
    void oversizedDatagramsAreDroppedAndCountedNotReadCutShort() throws Exception {
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).write();
        try (LoopbackServer s = new LoopbackServer(nbi); RawUdpMac m = new RawUdpMac()) {
            BsdpInforms.ClientIdentity id = new BsdpInforms.ClientIdentity(MAC.mac(), MAC.ciaddr(), "i386", "iMac18,1");
            OptionalInt port = OptionalInt.of(m.port());
            m.send(Arrays.copyOf(DhcpPacketCodec.encode(BsdpInforms.list(1, id, port, List.of())), 5000), s.address());
            m.send(Arrays.copyOf(DhcpPacketCodec.encode(BsdpInforms.list(2, id, port, List.of())), 4097), s.address());
            Eventually.await(Duration.ofSeconds(10), () -> s.metrics.drops(DropReason.OVERSIZED) == 2,
                    "two oversized drops: " + s.metrics);
            m.send(Arrays.copyOf(DhcpPacketCodec.encode(BsdpInforms.list(3, id, port, List.of())), 4096), s.address());
            byte[] reply = m.receive().orElseThrow(() -> new AssertionError("4096 bytes not answered: " + s.metrics));
            assertThat(DhcpPacketCodec.decode(reply).xid()).isEqualTo(3);
            m.timeout(1000);
            assertThat(m.receive()).as("no reply to the oversized ones").isEmpty();
            assertThat(s.metrics.drops(DropReason.OVERSIZED)).isEqualTo(2);
            assertThat(s.metrics.drops(DropReason.MALFORMED)).isZero();
            assertThat(s.metrics.replies(BsdpMetrics.ReplyType.ACK_LIST)).isEqualTo(1);
        }
    }

    @Test
    void aFloodOfSelectsWithForgedMacsCannotGrowBindingsWithoutBound() throws Exception {
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).write();
        try (LoopbackServer s = new LoopbackServer(nbi); BsdpClient client = s.client()) {
            ListOffer offer = client.list(MAC).get(10, TimeUnit.SECONDS).get(0);
            for (int i = 0; i < 300; i++) {
                SimulatedMac forged = SimulatedMac.intel(new MacAddress(0x020000000000L + i), MAC.ciaddr(), "iMac18,1");
                client.select(forged, offer, offer.defaultImage().orElseThrow()).get(10, TimeUnit.SECONDS);
            }
            assertThat(s.bindings.size()).isEqualTo(300); // bounded by InMemoryBindingStore capacity (65536)
            assertThat(ListOffer.of(client.list(MAC).get(10, TimeUnit.SECONDS).get(0).packet()).priority())
                    .isEqualTo(32768 - 300);
        }
    }
}
