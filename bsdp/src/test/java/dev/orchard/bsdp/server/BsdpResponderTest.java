package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.bsdp.client.ListOffer;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.bsdp.codec.BootImage;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.CatalogBootPolicy;
import dev.orchard.bsdp.spi.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static dev.orchard.bsdp.server.ServerLogicHarness.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/** Apple's bsdpd behaviour for INFORM[LIST] and INFORM[SELECT], without sockets. */
class BsdpResponderTest {

    @TempDir
    Path root;

    private static final BootImageId LAB = new BootImageId(0x81000001);
    private static final BootImageId DIAG = new BootImageId(0x03000002);
    private static final BootImageId IMAC_ONLY = new BootImageId(0x81000003);

    private ServerLogicHarness harness(BsdpServerConfigBuilder config) {
        NbiFixture.bundle(root, "Lab.nbi").index(1).name("Lab NetInstall").write();
        NbiFixture.bundle(root, "Diag.nbi").index(2).name("Diagnostics").kind(3).install(false).type("NFS").write();
        NbiFixture.bundle(root, "iMac Only.nbi").index(3).name("iMac only").models("iMac18,1").isDefault(true).write();
        return new ServerLogicHarness(root, config.build());
    }

    private ServerLogicHarness harness() {
        return harness(BsdpServerConfig.builder());
    }

    @Test
    void ackListInAppleOrderWithPriorityDefaultAndList() {
        ServerLogicHarness h = harness();
        DhcpPacket ack = h.reply(h.list("MacBookPro11,2"));
        assertThat(ack.options()).extracting(DhcpOption::code).containsExactly(53, 54, 60, 43);
        byte[] vendor = ack.option(43).orElseThrow().data();
        assertThat(vendor[0]).isEqualTo((byte) 1); // sub-option 1 first
        ListOffer offer = ListOffer.of(ack);
        assertThat(offer.server()).isEqualTo(SERVER);
        assertThat(offer.priority()).isEqualTo(32768);
        assertThat(offer.defaultImage()).contains(LAB);
        assertThat(offer.selected()).isEmpty();
        assertThat(offer.images()).containsExactly(new BootImage(LAB, "Lab NetInstall"));
        assertThat(ack.op()).isEqualTo(2);
        assertThat(ack.ciaddr()).isEqualTo(ServerLogicHarness.CLIENT_IP);
        assertThat(h.metrics.requests(BsdpMetrics.RequestType.LIST)).isEqualTo(1);
    }

    @Test
    void aMacRoutedThroughAnUnservedInterfaceGetsSilenceThoughTheAnnouncedAddressIsFixed() {
        NbiFixture.bundle(root, "Lab.nbi").index(1).name("Lab NetInstall").write();
        // the announced address is fixed (SERVER, as with --advertise); the route to the Mac decides the interface
        AtomicReference<Inet4Address> route = new AtomicReference<>(SERVER);
        InterfaceScope scope = new InterfaceScope(Set.of("eth0"), client -> Optional.of(route.get()),
                name -> Optional.of(name.equals("eth0") ? Set.of(SERVER) : Set.of()),
                () -> 0L);
        ServerLogicHarness h = new ServerLogicHarness(root, BsdpServerConfig.builder().build(),
                new CatalogBootPolicy(), Optional.of(scope));
        assertThat(ListOffer.of(h.reply(h.list("iMac18,1"))).server()).isEqualTo(SERVER);
        route.set(Ipv4.parse("10.79.0.1"));
        assertThat(h.dropReason(h.list("iMac18,1"))).isEqualTo(DropReason.INTERFACE_NOT_SERVED);
        assertThat(h.dropReason(h.select("iMac18,1", SERVER, LAB))).isEqualTo(DropReason.INTERFACE_NOT_SERVED);
        assertThat(h.bindings.size()).as("a refused SELECT binds nothing").isZero();
    }

    @Test
    void restrictedDefaultComesFirstForItsModel() {
        ServerLogicHarness h = harness();
        ListOffer offer = ListOffer.of(h.reply(h.list("iMac18,1")));
        assertThat(offer.defaultImage()).contains(IMAC_ONLY);
        assertThat(offer.images()).extracting(BootImage::id).containsExactly(IMAC_ONLY, LAB);
    }

    @Test
    void selectBindsAndTheNextListCarriesOption8() {
        ServerLogicHarness h = harness();
        SelectAck ack = SelectAck.of(h.reply(h.select("MacBookPro11,2", SERVER, LAB)));
        assertThat(ack.failed()).isFalse();
        assertThat(ack.bsdp().selectedImage()).contains(LAB);
        assertThat(ack.bsdp().machineName()).contains("NetBoot001");
        assertThat(ack.tftpServer()).isEqualTo(SERVER);
        assertThat(ack.bootFile()).isEqualTo("Lab.nbi/i386/booter");
        assertThat(ack.rootPath()).contains("http://10.0.0.5/NetBoot/NetBootSP0/Lab.nbi/NetInstall.dmg");
        assertThat(ack.packet().options()).extracting(DhcpOption::code).containsExactly(53, 54, 60, 17, 43);

        ListOffer again = ListOffer.of(h.reply(h.list("MacBookPro11,2")));
        assertThat(again.selected()).contains(LAB);
        assertThat(again.priority()).as("Apple: 32768 minus bound clients").isEqualTo(32767);
        assertThat(h.bindings.find(ServerLogicHarness.MAC)).isPresent();
    }

    @Test
    void selectWithoutImageBootsTheDefault() {
        ServerLogicHarness h = harness();
        DhcpPacket select = h.select("MacBookPro11,2", SERVER, LAB);
        // drop sub-option 8 from the SELECT: 43 = 1, 2, 3 only
        DhcpPacket noImage = select.toBuilder().clearOptions().options(select.options().stream()
                .map(o -> o.code() == 43 ? DhcpOption.of(43, 1, 1, 2, 2, 2, 1, 1, 3, 4, 10, 0, 0, 5) : o).toList()).build();
        assertThat(SelectAck.of(h.reply(noImage)).bsdp().selectedImage()).contains(LAB);
    }

    @Test
    void unknownOrForbiddenImageGetsAckFailed() {
        ServerLogicHarness h = harness();
        DhcpPacket failed = h.reply(h.select("MacBookPro11,2", SERVER, new BootImageId(0x81000999)));
        assertThat(failed.options()).extracting(DhcpOption::code).containsExactly(53, 54, 60, 43);
        assertThat(failed.option(43).orElseThrow().data()).containsExactly(1, 1, 3);
        assertThat(failed.file()).isEmpty();
        // the iMac-only image is not allowed for a MacBook Pro
        assertThat(SelectAck.of(h.reply(h.select("MacBookPro11,2", SERVER, IMAC_ONLY))).failed()).isTrue();
        assertThat(h.metrics.requests(BsdpMetrics.RequestType.SELECT)).isEqualTo(2);
        assertThat(h.bindings.size()).isZero();
    }

    @Test
    void selectForAnotherServerIsIgnoredAndDropsOurBinding() {
        ServerLogicHarness h = harness();
        h.reply(h.select("MacBookPro11,2", SERVER, LAB));
        assertThat(h.bindings.size()).isEqualTo(1);
        assertThat(h.dropReason(h.select("MacBookPro11,2", Ipv4.parse("10.0.0.99"), LAB)))
                .isEqualTo(DropReason.SELECT_FOR_OTHER_SERVER);
        assertThat(h.bindings.size()).isZero();
    }

    @Test
    void filterOnlyImagesNeedAMatchingAttributeFilter() {
        ServerLogicHarness h = harness();
        assertThat(ListOffer.of(h.reply(h.list("MacBookPro11,2"))).images()).extracting(BootImage::id).doesNotContain(DIAG);
        ListOffer diag = ListOffer.of(h.reply(h.list("MacBookPro11,2", List.of(0x0300))));
        assertThat(diag.images()).extracting(BootImage::id).containsExactly(DIAG);
        assertThat(diag.defaultImage()).contains(DIAG);
        // a filter nothing matches: silence (another server may have such images)
        assertThat(h.dropReason(h.list("MacBookPro11,2", List.of(0x0200)))).isEqualTo(DropReason.NO_IMAGE);
        // Apple allows SELECTing a FilterOnly image without repeating the filter
        SelectAck nfs = SelectAck.of(h.reply(h.select("MacBookPro11,2", SERVER, DIAG)));
        assertThat(nfs.failed()).isFalse();
        assertThat(nfs.rootPath()).contains("nfs:10.0.0.5:" + root + ":Diag.nbi/NetInstall.dmg");
    }

    @Test
    void version10ClientsGetNoList() {
        ServerLogicHarness h = harness();
        DhcpPacket list = h.list("MacBookPro11,2");
        DhcpPacket v10 = list.toBuilder().clearOptions().options(list.options().stream()
                .map(o -> o.code() == 43 ? DhcpOption.of(43, 1, 1, 1, 2, 2, 1, 0, 5, 2, 3, 0x7A) : o).toList()).build();
        ListOffer offer = ListOffer.of(h.reply(v10));
        assertThat(offer.images()).isEmpty();
        assertThat(offer.defaultImage()).contains(LAB);
    }

    @Test
    void configuredPathsPriorityAndNames() {
        ServerLogicHarness h = harness(BsdpServerConfig.builder().bootFilePrefix("/private/tftpboot/NetBoot/NetBootSP0/")
                .httpBase("http://10.0.0.5:8080/images/").priority(7).machineNameFormat("lab-%d")
                .tftpServer(Ipv4.parse("10.0.0.6")));
        assertThat(ListOffer.of(h.reply(h.list("iMac18,1"))).priority()).isEqualTo(7);
        SelectAck ack = SelectAck.of(h.reply(h.select("iMac18,1", SERVER, IMAC_ONLY)));
        assertThat(ack.bootFile()).isEqualTo("/private/tftpboot/NetBoot/NetBootSP0/iMac Only.nbi/i386/booter");
        assertThat(ack.rootPath()).contains("http://10.0.0.5:8080/images/iMac%20Only.nbi/NetInstall.dmg");
        assertThat(ack.bsdp().machineName()).contains("lab-1");
        assertThat(ack.tftpServer()).isEqualTo(Ipv4.parse("10.0.0.6"));
        assertThat(ack.packet().option(54).orElseThrow().data()).isEqualTo(SERVER.getAddress());
    }

    @Test
    void siaddrOfAnotherServerIsIgnored() {
        ServerLogicHarness h = harness();
        DhcpPacket other = h.list("MacBookPro11,2").toBuilder().siaddr(Ipv4.parse("10.0.0.77")).build();
        assertThat(h.dropReason(other)).isEqualTo(DropReason.OTHER_SERVER_NAMED);
        DhcpPacket ours = h.list("MacBookPro11,2").toBuilder().siaddr(SERVER).build();
        assertThat(ListOffer.of(h.reply(ours)).defaultImage()).contains(LAB);
    }

    @Test
    void aThrowingPolicyMeansSilenceAndACount() {
        NbiFixture.bundle(root, "Lab.nbi").index(1).write();
        ServerLogicHarness h = new ServerLogicHarness(root, BsdpServerConfig.builder().build(), (client, catalog) -> {
            throw new IllegalStateException("policy database down");
        });
        assertThat(h.dropReason(h.list("iMac18,1"))).isEqualTo(DropReason.POLICY_FAILED);
    }

    @Test
    void aPolicyAnswersWithCatalogImagesByName() {
        NbiFixture.bundle(root, "A.nbi").index(1).name("A").write();
        NbiFixture.bundle(root, "B.nbi").index(2).name("B").write();
        ServerLogicHarness h = new ServerLogicHarness(root, BsdpServerConfig.builder().build(),
                (client, catalog) -> client.systemId().startsWith("iMac")
                        ? Optional.of(dev.orchard.bsdp.spi.BootOffer.of(catalog.byName("B")))
                        : Optional.empty());
        assertThat(ListOffer.of(h.reply(h.list("iMac18,1"))).images()).extracting(BootImage::name).containsExactly("B");
        assertThat(h.dropReason(h.list("MacBookPro11,2"))).isEqualTo(DropReason.NO_IMAGE);
        assertThat(SelectAck.of(h.reply(h.select("iMac18,1", SERVER, new BootImageId(0x81000001)))).failed())
                .as("A is not offered to this iMac").isTrue();
        assertThat(h.bsdpType(h.reply(h.select("iMac18,1", SERVER, new BootImageId(0x81000002)))))
                .isEqualTo(BsdpMessageType.SELECT);
    }
}
