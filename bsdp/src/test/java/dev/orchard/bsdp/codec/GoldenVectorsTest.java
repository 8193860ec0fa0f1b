package dev.orchard.bsdp.codec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static dev.orchard.bsdp.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test vectors of bsdp.md §9 (TV1–TV4), in both directions and byte-exact. Each vector's source is
 * named in bsdp.md (Go dhcp tests, CloneDeploy, NetSUS, Wikipedia, Apple's client code order).
 */
class GoldenVectorsTest {

    private static BsdpOptions decode43(String hex) {
        return BsdpOptionsCodec.decode(List.of(new DhcpOption(DhcpOption.VENDOR_SPECIFIC, bytes(hex))));
    }

    private static String encode43(BsdpOptions o, int... order) {
        List<DhcpOption> instances = order.length == 0 ? BsdpOptionsCodec.encode(o) : BsdpOptionsCodec.encode(o, order);
        assertThat(instances).hasSize(1);
        return Hex.format(instances.get(0).data());
    }

    private static BootImageId id(int v) {
        return new BootImageId(v);
    }

    @Test
    void tv1aInformListMinimal() {
        String tv = "01 01 01 02 02 01 01";
        BsdpOptions o = decode43(tv);
        assertThat(o.bsdpMessageType()).contains(BsdpMessageType.LIST);
        assertThat(o.version()).hasValue(0x0101);
        assertThat(encode43(BsdpOptions.builder().messageType(BsdpMessageType.LIST).version(0x0101).build())).isEqualTo(tv);
    }

    @Test
    void tv1bStartupDiskListWholeOptionsArea() {
        String tv43 = "01 01 01 02 02 01 01 05 02 03 7A 0C 02 20 00";
        BsdpOptions o = decode43(tv43);
        assertThat(o.replyPort()).hasValue(890);
        assertThat(o.maxMessageSize()).hasValue(8192);

        String area = "35 01 08 37 02 3C 2B 39 02 05 DC 3C 17 41 41 50 4C 42 53 44 50 43 2F 69 33 38 36 2F 69 4D 61 63"
                + " 31 34 2C 33 2B 0F 01 01 01 02 02 01 01 05 02 03 7A 0C 02 20 00 FF";
        BsdpInforms.ClientIdentity mac = new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"),
                Ipv4.parse("10.0.0.20"), "i386", "iMac14,3");
        DhcpPacket inform = BsdpInforms.list(7, mac, OptionalInt.of(890), List.of());
        assertThat(Hex.format(Hex.optionsArea(DhcpPacketCodec.encode(inform)))).isEqualTo(area);

        DhcpPacket decoded = DhcpPacketCodec.decode(DhcpPacketCodec.encode(inform));
        assertThat(BsdpVendorClass.parse(decoded.option(DhcpOption.VENDOR_CLASS_IDENTIFIER).orElseThrow().data()))
                .contains(new BsdpVendorClass("i386", "iMac14,3"));
        assertThat(decoded).isEqualTo(inform);
    }

    @Test
    void tv2aCloneDeployAckList() {
        String tv = "01 01 01 03 04 A2 33 4B A0 04 02 FF FF 07 04 01 00 00 89 09 11 01 00 00 89 03 6E 65 74 01 00 00 88 04"
                + " 62 6F 6F 74";
        BsdpOptions o = decode43(tv);
        assertThat(o.serverIdentifier()).contains(Ipv4.parse("162.51.75.160"));
        assertThat(o.serverPriority()).hasValue(65535);
        assertThat(o.defaultImage()).contains(id(0x01000089));
        assertThat(o.imageList()).containsExactly(new BootImage(id(0x01000089), "net"),
                new BootImage(id(0x01000088), "boot"));
        assertThat(encode43(o)).isEqualTo(tv);
    }

    @Test
    void tv2bAppleShapedAckListWholeOptionsArea() {
        String tv43 = "01 01 01 04 02 80 00 07 04 01 00 03 E9 09 16 01 00 03 E9 06 62 73 64 70 2D 31 80 00 23 31 06 62 73"
                + " 64 70 2D 32";
        List<BootImage> images = List.of(new BootImage(id(0x010003E9), "bsdp-1"), new BootImage(id(0x80002331), "bsdp-2"));
        BsdpOptions o = decode43(tv43);
        assertThat(o.imageList()).isEqualTo(images);
        assertThat(o.serverPriority()).hasValue(0x8000);

        DhcpPacket request = DhcpPacketCodec.decode(DhcpPacketCodec.encode(BsdpInforms.list(1,
                new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"), Ipv4.parse("10.0.0.20"), "i386",
                        "iMac14,3"), OptionalInt.empty(), List.of())));
        BsdpAcks.ListAck ack = BsdpAcks.list(request, Ipv4.parse("10.0.0.5"), 0x8000, id(0x010003E9), Optional.empty(),
                images, 1472);
        String area = "35 01 05 36 04 0A 00 00 05 3C 09 41 41 50 4C 42 53 44 50 43 2B 25 " + tv43 + " FF";
        byte[] wire = DhcpPacketCodec.encode(ack.packet());
        assertThat(Hex.format(Hex.optionsArea(wire))).isEqualTo(area);
        assertThat(ack.layout().truncated()).isFalse();
        assertThat(wire.length).isGreaterThanOrEqualTo(300);
        assertThat(wire[0]).isEqualTo((byte) 2);
    }

    @Test
    void tv2cNetSusAckListWithSelectedImage() {
        String tv = "01 01 01 04 02 FF FF 07 04 01 00 02 0E 08 04 01 00 02 0E 09 11 01 00 02 0E 0C 46 61 75 78 20 4E 65"
                + " 74 42 6F 6F 74";
        BsdpOptions o = decode43(tv);
        assertThat(o.selectedImage()).contains(id(0x0100020E));
        assertThat(o.imageList()).containsExactly(new BootImage(id(0x0100020E), "Faux NetBoot"));
        assertThat(encode43(o)).isEqualTo(tv);
    }

    @Test
    void tv3aFirmwareSelectInBothSubOptionOrders() {
        String tv = "01 01 02 02 02 01 01 08 04 01 00 02 0E 03 04 0A 01 18 40";
        String swapped = "01 01 02 02 02 01 01 03 04 0A 01 18 40 08 04 01 00 02 0E";
        BsdpOptions o = decode43(tv);
        assertThat(o.bsdpMessageType()).contains(BsdpMessageType.SELECT);
        assertThat(o.selectedImage()).contains(id(0x0100020E));
        assertThat(o.serverIdentifier()).contains(Ipv4.parse("10.1.24.64"));
        assertThat(decode43(swapped)).isEqualTo(o);
        assertThat(encode43(o, 1, 2, 8, 3)).isEqualTo(tv);

        BsdpInforms.ClientIdentity mac = new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"),
                Ipv4.parse("10.1.24.99"), "i386", "iMac14,3");
        DhcpPacket select = BsdpInforms.select(9, mac, OptionalInt.empty(), Ipv4.parse("10.1.24.64"), id(0x0100020E));
        assertThat(Hex.format(select.option(DhcpOption.VENDOR_SPECIFIC).orElseThrow().data())).isEqualTo(tv);
    }

    @Test
    void tv3bGoSelectSortedByCode() {
        String tv = "01 01 02 02 02 01 01 03 04 01 02 03 04 08 04 81 00 10 00";
        BsdpOptions o = decode43(tv);
        assertThat(o.selectedImage()).contains(BootImageId.of(true, BootImageId.KIND_MAC_OS_X, 0x1000));
        assertThat(encode43(o)).isEqualTo(tv);
    }

    @Test
    void tv4aWikipediaAckSelect() {
        String tv = "01 01 02 08 04 81 00 07 E5 82 0A 4E 65 74 42 6F 6F 74 30 30 31";
        BsdpOptions o = decode43(tv);
        assertThat(o.selectedImage()).contains(id(0x810007E5));
        assertThat(o.machineName()).contains("NetBoot001");
        assertThat(encode43(o)).isEqualTo(tv);
    }

    @Test
    void tv4bAckSelectWholeOptionsAreaAndHeader() {
        DhcpPacket request = BsdpInforms.select(3, new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"),
                Ipv4.parse("10.0.0.20"), "i386", "iMac14,3"), OptionalInt.empty(), Ipv4.parse("10.0.0.5"), id(0x810007E5));
        String rootPath = "nfs:10.0.0.5:/Library/NetBoot/NetBootSP0:Foo.nbi/NetInstall.dmg";
        DhcpPacket ack = BsdpAcks.select(request, Ipv4.parse("10.0.0.5"), Ipv4.parse("10.0.0.5"),
                "/private/tftpboot/NetBoot/NetBootSP0/Foo.nbi/i386/booter", Optional.of(rootPath), id(0x810007E5),
                "NetBoot001", 1472);
        String area = "35 01 05 36 04 0A 00 00 05 3C 09 41 41 50 4C 42 53 44 50 43 11 3F 6E 66 73 3A 31 30 2E 30 2E 30 2E"
                + " 35 3A 2F 4C 69 62 72 61 72 79 2F 4E 65 74 42 6F 6F 74 2F 4E 65 74 42 6F 6F 74 53 50 30 3A 46 6F 6F 2E 6E"
                + " 62 69 2F 4E 65 74 49 6E 73 74 61 6C 6C 2E 64 6D 67 2B 15 01 01 02 08 04 81 00 07 E5 82 0A 4E 65 74 42 6F"
                + " 6F 74 30 30 31 FF";
        byte[] wire = DhcpPacketCodec.encode(ack);
        assertThat(Hex.format(Hex.optionsArea(wire))).isEqualTo(area);
        DhcpPacket back = DhcpPacketCodec.decode(wire);
        assertThat(back.siaddr()).isEqualTo(Ipv4.parse("10.0.0.5"));
        assertThat(back.file()).isEqualTo("/private/tftpboot/NetBoot/NetBootSP0/Foo.nbi/i386/booter");
        assertThat(back.xid()).isEqualTo(3);
        assertThat(back.ciaddr()).isEqualTo(Ipv4.parse("10.0.0.20"));
        assertThat(back).isEqualTo(ack);
    }

    @Test
    void tv4cMinimalSelectAndFailed() {
        assertThat(decode43("01 01 02 08 04 01 00 10 00").selectedImage()).contains(id(0x01001000));
        DhcpPacket request = BsdpInforms.select(4, new BsdpInforms.ClientIdentity(MacAddress.parse("00:11:22:33:44:55"),
                Ipv4.parse("10.0.0.20"), "i386", "iMac14,3"), OptionalInt.empty(), Ipv4.parse("10.0.0.5"), id(0x81001000));
        DhcpPacket failed = BsdpAcks.failed(request, Ipv4.parse("10.0.0.5"));
        assertThat(Hex.format(Hex.optionsArea(DhcpPacketCodec.encode(failed))))
                .isEqualTo("35 01 05 36 04 0A 00 00 05 3C 09 41 41 50 4C 42 53 44 50 43 2B 03 01 01 03 FF");
        assertThat(failed.file()).isEmpty();
    }

    @Test
    void bootImageIdsFromGoTests() {
        BootImageId install = BootImageId.of(true, BootImageId.KIND_MAC_OS_X, 0x1000);
        assertThat(install.value()).isEqualTo(0x81001000);
        assertThat(BootImageId.of(false, BootImageId.KIND_MAC_OS_X, 0x1000).value()).isEqualTo(0x01001000);
        assertThat(install.install()).isTrue();
        assertThat(install.kind()).isEqualTo(1);
        assertThat(install.index()).isEqualTo(0x1000);
        assertThat(install.attributes()).isEqualTo(0x8100);
        BsdpOptions o = BsdpOptions.builder().imageList(List.of(new BootImage(install, "bsdp-1"))).build();
        assertThat(Hex.format(BsdpOptionsCodec.encode(o).get(0).data())).isEqualTo("09 0B 81 00 10 00 06 62 73 64 70 2D 31");
    }
}
