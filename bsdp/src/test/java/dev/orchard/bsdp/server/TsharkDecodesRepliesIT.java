package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.BsdpInforms;
import dev.orchard.bsdp.codec.DhcpOption;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wireshark's BSDP dissector (tshark) as an independent decoder of the exact bytes our server sends:
 * ACK[LIST], ACK[LIST] split over several option 43s, ACK[SELECT] and ACK[FAILED]. The replies are
 * captured from a real server over loopback, written into a pcap as server:67 → client:68 datagrams,
 * and read back field by field.
 */
class TsharkDecodesRepliesIT {

    @TempDir
    Path nbi;
    @TempDir
    Path work;

    private static final String[] FIELDS = {"dhcp.option.dhcp", "dhcp.option.dhcp_server_id", "dhcp.option.vendor_class_id",
            "dhcp.option.vendor.bsdp.message_type", "dhcp.option.vendor.bsdp.server_priority",
            "dhcp.option.vendor.bsdp.default_boot_image_id", "dhcp.option.vendor.bsdp.selected_boot_image_id",
            "dhcp.option.vendor.bsdp.boot_image.index", "dhcp.option.vendor.bsdp.boot_image.name",
            "dhcp.option.vendor.bsdp.boot_image.attribute.install", "dhcp.ip.server", "dhcp.file",
            "dhcp.option.root_path", "_ws.malformed", "dhcp.option.type", "dhcp.option.end"};

    @Test
    void tsharkReadsEveryReplyKindAsBsdp() throws Exception {
        Path tshark = Peers.require("tshark");
        NbiFixture.bundle(nbi, "Lab NetInstall.nbi").index(7).name("Lab NetInstall").write();
        NbiFixture.bundle(nbi, "Restore.nbi").index(4097).name("Restore").install(false).write();
        for (int i = 0; i < 120; i++) {
            NbiFixture.bundle(nbi, String.format("Many%03d.nbi", i)).index(200 + i).models("Macmini8,1")
                    .name("Many images for one model, number " + i).write();
        }
        MacAddress mac = MacAddress.parse("00:1e:c2:12:34:56");
        List<byte[]> replies = new ArrayList<>();
        try (LoopbackServer s = new LoopbackServer(nbi); RawUdpMac m = new RawUdpMac()) {
            BsdpInforms.ClientIdentity imac = new BsdpInforms.ClientIdentity(mac, Ipv4.parse("127.0.0.1"), "i386", "iMac18,1");
            BsdpInforms.ClientIdentity mini = new BsdpInforms.ClientIdentity(mac, Ipv4.parse("127.0.0.1"), "i386", "Macmini8,1");
            OptionalInt port = OptionalInt.of(m.port());
            replies.add(m.exchange(BsdpInforms.list(1, imac, port, List.of()), s.address()).orElseThrow());
            replies.add(m.exchange(BsdpInforms.list(2, mini, port, List.of()), s.address()).orElseThrow());
            replies.add(m.exchange(BsdpInforms.select(3, imac, port, Ipv4.parse("127.0.0.1"), new BootImageId(0x81000007)),
                    s.address()).orElseThrow());
            replies.add(m.exchange(BsdpInforms.select(4, imac, port, Ipv4.parse("127.0.0.1"), new BootImageId(0x81000999)),
                    s.address()).orElseThrow());
        }
        List<String[]> rows = decode(tshark, replies);
        assertThat(rows).hasSize(4);

        String[] list = rows.get(0);
        assertThat(field(list, "dhcp.option.dhcp")).isEqualTo("5");
        assertThat(field(list, "dhcp.option.dhcp_server_id")).isEqualTo("127.0.0.1");
        assertThat(field(list, "dhcp.option.vendor_class_id")).isEqualTo("AAPLBSDPC");
        assertThat(field(list, "dhcp.option.vendor.bsdp.message_type")).isEqualTo("1");
        assertThat(field(list, "dhcp.option.vendor.bsdp.server_priority")).isEqualTo("32768");
        assertThat(field(list, "dhcp.option.vendor.bsdp.default_boot_image_id")).isEqualTo("0x81000007");
        // tshark shows the index of the default image (sub-option 7), then of every list entry
        assertThat(field(list, "dhcp.option.vendor.bsdp.boot_image.index")).isEqualTo("0x0007,0x0007,0x1001");
        assertThat(field(list, "dhcp.option.vendor.bsdp.boot_image.name")).isEqualTo("Lab NetInstall,Restore");
        assertThat(field(list, "_ws.malformed")).isEmpty();
        assertThat(field(list, "dhcp.option.type")).startsWith("53,54,60,43,");
        assertThat(field(list, "dhcp.option.end")).isEqualTo("255");

        String[] split = rows.get(1);
        long instances = Arrays.stream(field(split, "dhcp.option.type").split(",")).filter("43"::equals).count();
        assertThat(instances).as("a list over several option 43s").isGreaterThan(3);
        List<String> all = List.of(field(split, "dhcp.option.vendor.bsdp.boot_image.index").split(","));
        List<String> indexes = all.subList(1, all.size()); // the first is the default's (sub-option 7)
        assertThat(indexes.size()).isGreaterThan(60);
        DhcpPacket ours = DhcpPacketCodec.decode(replies.get(1));
        assertThat(indexes).as("tshark sees exactly the entries we put, in order").isEqualTo(
                dev.orchard.bsdp.codec.BsdpOptionsCodec.decode(ours.allOptions(DhcpOption.VENDOR_SPECIFIC)).imageList()
                        .stream().map(i -> String.format("0x%04x", i.id().index())).toList());
        assertThat(field(split, "_ws.malformed")).isEmpty();

        String[] select = rows.get(2);
        assertThat(field(select, "dhcp.option.vendor.bsdp.message_type")).isEqualTo("2");
        assertThat(field(select, "dhcp.option.vendor.bsdp.selected_boot_image_id")).isEqualTo("0x81000007");
        assertThat(field(select, "dhcp.ip.server")).isEqualTo("127.0.0.1");
        assertThat(field(select, "dhcp.file")).isEqualTo("Lab NetInstall.nbi/i386/booter");
        assertThat(field(select, "dhcp.option.root_path"))
                .isEqualTo("http://127.0.0.1/NetBoot/NetBootSP0/Lab%20NetInstall.nbi/NetInstall.dmg");
        assertThat(field(select, "dhcp.option.type")).startsWith("53,54,60,17,43,");
        assertThat(field(select, "dhcp.option.end")).isEqualTo("255");
        assertThat(field(select, "_ws.malformed")).isEmpty();

        String[] failed = rows.get(3);
        assertThat(field(failed, "dhcp.option.vendor.bsdp.message_type")).isEqualTo("3");
        assertThat(field(failed, "dhcp.option.type")).startsWith("53,54,60,43,");
        assertThat(field(failed, "dhcp.option.end")).isEqualTo("255");
        assertThat(field(failed, "dhcp.file")).isEmpty();
    }

    /**
     * Names longer than one list entry can carry (Apple's 246 bytes) are sent cut at a character
     * boundary; before, one such NBI made every ACK[LIST] fail. Each name's first byte past the cut
     * belongs to an ASCII run, or to a 2-, 3- or 4-byte character straddling the cut.
     */
    @Test
    void longNamesAreSentCutAtACharacterBoundaryAndTsharkReadsThem() throws Exception {
        Path tshark = Peers.require("tshark");
        Map<Integer, String> names = new LinkedHashMap<>();
        names.put(1, "a".repeat(245));
        names.put(2, "b".repeat(246));
        names.put(3, "c".repeat(255));
        names.put(4, "d".repeat(256));
        names.put(5, "e".repeat(245) + "é".repeat(10));
        names.put(6, "f".repeat(244) + "€".repeat(10));
        names.put(7, "g".repeat(243) + "\uD83C\uDF4E".repeat(10));
        names.put(8, "h".repeat(242) + "\uD83C\uDF4E".repeat(10));
        Map<Integer, String> expected = new LinkedHashMap<>();
        expected.put(1, names.get(1));
        expected.put(2, names.get(2));
        expected.put(3, "c".repeat(246));
        expected.put(4, "d".repeat(246));
        expected.put(5, "e".repeat(245));
        expected.put(6, "f".repeat(244));
        expected.put(7, "g".repeat(243));
        expected.put(8, "h".repeat(242) + "\uD83C\uDF4E");
        names.forEach((index, name) -> NbiFixture.bundle(nbi, "Long" + index + ".nbi").index(index).name(name).write());
        byte[] reply;
        try (LoopbackServer s = new LoopbackServer(nbi); RawUdpMac m = new RawUdpMac()) {
            assertThat(s.catalog.get().images()).hasSize(names.size());
            BsdpInforms.ClientIdentity imac = new BsdpInforms.ClientIdentity(MacAddress.parse("00:1e:c2:12:34:57"),
                    Ipv4.parse("127.0.0.1"), "i386", "iMac18,1");
            reply = m.exchange(BsdpInforms.list(1, imac, OptionalInt.of(m.port()), List.of()), s.address())
                    .orElseThrow(() -> new AssertionError("no ACK[LIST]: " + s.metrics));
        }
        String[] row = decode(tshark, List.of(reply)).get(0);
        assertThat(field(row, "_ws.malformed")).isEmpty();
        assertThat(field(row, "dhcp.option.vendor.bsdp.message_type")).isEqualTo("1");
        List<String> indexes = List.of(field(row, "dhcp.option.vendor.bsdp.boot_image.index").split(","));
        List<String> shown = List.of(field(row, "dhcp.option.vendor.bsdp.boot_image.name").split(","));
        Map<Integer, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < shown.size(); i++) {
            seen.put(Integer.parseInt(indexes.get(i + 1).substring(2), 16), shown.get(i)); // [0] is the default's
        }
        assertThat(seen).isEqualTo(expected);
    }

    /** The replies as server:67 → client:68 datagrams in a pcap, read by tshark: one row of {@link #FIELDS} each. */
    private List<String[]> decode(Path tshark, List<byte[]> replies) throws Exception {
        PcapWriter pcap = new PcapWriter();
        for (byte[] r : replies) {
            pcap.udp(Ipv4.parse("10.0.0.5"), 67, Ipv4.parse("10.0.0.20"), 68, r);
        }
        Path file = work.resolve("replies-" + System.nanoTime() + ".pcap");
        pcap.write(file);

        List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-r", file.toString(), "-T", "fields",
                "-E", "separator=|", "-E", "aggregator=,", "-E", "occurrence=a"));
        for (String f : FIELDS) {
            cmd.add("-e");
            cmd.add(f);
        }
        Proc.Result r = Proc.run(Duration.ofSeconds(60), cmd);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.stdout().lines().map(l -> l.split("\\|", -1)).toList();
    }

    private static String field(String[] row, String name) {
        return row[Arrays.asList(FIELDS).indexOf(name)];
    }
}
