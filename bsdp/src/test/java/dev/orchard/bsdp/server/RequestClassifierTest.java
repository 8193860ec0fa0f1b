package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.bsdp.codec.BsdpVendorClass;
import dev.orchard.bsdp.codec.DhcpMessageType;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.spi.DropReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything that is not a BSDP INFORM Orchard should answer gets silence, for the right, counted reason. */
class RequestClassifierTest {

    @TempDir
    Path root;

    private ServerLogicHarness h;

    @BeforeEach
    void catalog() {
        NbiFixture.bundle(root, "Lab.nbi").index(1).write();
        h = new ServerLogicHarness(root, BsdpServerConfig.builder().serverName("orchard").build());
    }

    private DhcpPacket withOptions(DhcpPacket p, List<DhcpOption> options) {
        return p.toBuilder().clearOptions().options(options).build();
    }

    private DhcpPacket withType(DhcpPacket p, DhcpMessageType type) {
        return withOptions(p, p.options().stream().map(o -> o.code() == 53 ? DhcpOption.of(53, type.code()) : o).toList());
    }

    private DhcpPacket with43(DhcpPacket p, int... bytes) {
        return withOptions(p, p.options().stream().map(o -> o.code() == 43 ? DhcpOption.of(43, bytes) : o).toList());
    }

    @Test
    void ordinaryDhcpTrafficIsNeverAnswered() {
        DhcpPacket discover = DhcpPacket.builder().xid(1).mac(ServerLogicHarness.MAC)
                .option(DhcpOption.of(53, DhcpMessageType.DISCOVER.code())).option(DhcpOption.of(55, 1, 3, 6)).build();
        assertThat(h.dropReason(discover)).isEqualTo(DropReason.NOT_BSDP);
        DhcpPacket request = DhcpPacket.builder().xid(2).mac(ServerLogicHarness.MAC)
                .option(DhcpOption.of(53, DhcpMessageType.REQUEST.code())).option(DhcpOption.of(50, 10, 0, 0, 20)).build();
        assertThat(h.dropReason(request)).isEqualTo(DropReason.NOT_BSDP);
        DhcpPacket inform = DhcpPacket.builder().xid(3).mac(ServerLogicHarness.MAC).ciaddr(ServerLogicHarness.CLIENT_IP)
                .option(DhcpOption.of(53, DhcpMessageType.INFORM.code()))
                .option(new DhcpOption(60, "MSFT 5.0".getBytes())).build();
        assertThat(h.dropReason(inform)).isEqualTo(DropReason.NOT_BSDP);
        DhcpPacket pxe = withOptions(h.list("x"), h.list("x").options().stream()
                .map(o -> o.code() == 60 ? new DhcpOption(60, "PXEClient:Arch:00007".getBytes()) : o).toList());
        assertThat(h.dropReason(pxe)).isEqualTo(DropReason.NOT_BSDP);
        DhcpPacket bootp = DhcpPacket.builder().xid(4).mac(ServerLogicHarness.MAC).build();
        assertThat(h.dropReason(bootp)).isEqualTo(DropReason.NOT_BSDP);
        assertThat(h.metrics.requests(dev.orchard.bsdp.spi.BsdpMetrics.RequestType.LIST)).as("not counted as BSDP").isZero();
    }

    @Test
    void bsdpDiscoverAndRequestAreLeftToTheDhcpServer() {
        assertThat(h.dropReason(withType(h.list("iMac18,1"), DhcpMessageType.DISCOVER))).isEqualTo(DropReason.NOT_INFORM);
        assertThat(h.dropReason(withType(h.list("iMac18,1"), DhcpMessageType.REQUEST))).isEqualTo(DropReason.NOT_INFORM);
    }

    @Test
    void informWithoutClientAddress() {
        assertThat(h.dropReason(h.list("iMac18,1").toBuilder().ciaddr(Ipv4.ZERO).build()))
                .isEqualTo(DropReason.NO_CLIENT_ADDRESS);
    }

    @Test
    void replyPorts() {
        assertThat(h.dropReason(with43(h.list("x"), 1, 1, 1, 2, 2, 1, 1, 5, 2, 0x13, 0x88)))
                .as("5000 is not privileged").isEqualTo(DropReason.REPLY_PORT_NOT_PRIVILEGED);
        assertThat(h.dropReason(with43(h.list("x"), 1, 1, 1, 2, 2, 1, 1, 5, 2, 0, 0))).isEqualTo(DropReason.REPLY_PORT_ZERO);
        ServerLogicHarness allowing = new ServerLogicHarness(root, BsdpServerConfig.builder().allowHighReplyPorts(true).build());
        assertThat(allowing.handle(with43(h.list("x"), 1, 1, 1, 2, 2, 1, 1, 5, 2, 0x13, 0x88)))
                .isInstanceOfSatisfying(BsdpResponder.Outcome.Send.class,
                        s -> assertThat(s.recipient().getPort()).isEqualTo(5000));
        assertThat(h.handle(with43(h.list("x"), 1, 1, 1, 2, 2, 1, 1)))
                .as("no sub-option 5: port 68").isInstanceOfSatisfying(BsdpResponder.Outcome.Send.class,
                        s -> assertThat(s.recipient().getPort()).isEqualTo(68));
    }

    @Test
    void versionsMessageTypesAndHardware() {
        assertThat(h.dropReason(with43(h.list("x"), 1, 1, 1, 2, 2, 2, 0))).isEqualTo(DropReason.UNSUPPORTED_VERSION);
        assertThat(h.dropReason(with43(h.list("x"), 1, 1, 1))).isEqualTo(DropReason.NOT_BSDP);
        assertThat(h.dropReason(with43(h.list("x"), 1, 1, 1, 2, 2, 0, 0))).isEqualTo(DropReason.NETBOOT_1_0);
        assertThat(h.dropReason(with43(h.list("x"), 1, 1, 1, 2, 2, 1, 1, 10, 0))).isEqualTo(DropReason.NETBOOT_1_0);
        assertThat(h.dropReason(with43(h.list("x"), 2, 2, 1, 1))).isEqualTo(DropReason.NO_MESSAGE_TYPE);
        assertThat(h.dropReason(with43(h.list("x"), 1, 1, 3, 2, 2, 1, 1))).isEqualTo(DropReason.UNKNOWN_MESSAGE_TYPE);
        assertThat(h.dropReason(with43(h.list("x"), 1, 1, 1, 2, 3, 1, 1))).isEqualTo(DropReason.MALFORMED);
        assertThat(h.dropReason(h.list("x").toBuilder().hlen(8).build())).isEqualTo(DropReason.NOT_ETHERNET);
        assertThat(h.dropReason(h.list("x").toBuilder().op(DhcpPacket.BOOTREPLY).build()))
                .isEqualTo(DropReason.NOT_BOOTREQUEST);
    }

    @Test
    void applesSnameFilter() {
        assertThat(h.dropReason(h.list("x").toBuilder().sname("other-server").build()))
                .isEqualTo(DropReason.OTHER_SERVER_NAMED);
        assertThat(h.handle(h.list("x").toBuilder().sname("orchard").build()))
                .isInstanceOf(BsdpResponder.Outcome.Send.class);
    }

    @Test
    void vendorClassWithoutArchitectureIsNotBsdp() {
        DhcpPacket p = withOptions(h.list("x"), h.list("x").options().stream()
                .map(o -> o.code() == 60 ? BsdpVendorClass.serverOption() : o).toList());
        // "AAPLBSDPC" alone parses (server form) but names no architecture, so no image applies
        assertThat(h.dropReason(p)).isEqualTo(DropReason.NO_IMAGE);
    }
}
