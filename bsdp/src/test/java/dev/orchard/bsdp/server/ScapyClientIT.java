package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scapy (the system python's) as an independent BSDP client: it crafts INFORM[LIST] as Apple's Startup
 * Disk does (TV1b) and INFORM[SELECT] as the EFI firmware does (TV3a), parses our replies with scapy and
 * its own option-43 reader, and reports what it saw.
 */
class ScapyClientIT {

    @TempDir
    Path nbi;

    @Test
    void scapyListsSelectsAndIsRefusedAnUnknownImage() throws Exception {
        Peers.requireScapy();
        NbiFixture.bundle(nbi, "Lab.nbi").index(7).name("Lab").write();
        NbiFixture.bundle(nbi, "Older.nbi").index(8).name("Older").write();
        Path script = Path.of(getClass().getResource("/scapy/bsdp_client.py").toURI());
        try (LoopbackServer s = new LoopbackServer(nbi)) {
            Proc.Result r = Proc.run(Duration.ofSeconds(90), Peers.SYSTEM_PYTHON, script.toString(), "127.0.0.1",
                    String.valueOf(s.address().getPort()), "127.0.0.1", "00:1e:c2:12:34:56", "iMac14,3");
            assertThat(r.ok()).as(r.toString()).isTrue();
            Map<String, String> byExchange = r.stdout().lines()
                    .collect(Collectors.toMap(l -> string(l, "exchange"), l -> l));

            String list = byExchange.get("list");
            assertThat(number(list, "op")).isEqualTo(2);
            assertThat(number(list, "message_type")).isEqualTo(5);
            assertThat(number(list, "from_port")).isEqualTo(s.address().getPort());
            assertThat(string(list, "server_id")).isEqualTo("127.0.0.1");
            assertThat(string(list, "vendor_class")).isEqualTo("AAPLBSDPC");
            assertThat(list).contains("\"option_order\": [\"message-type\", \"server_id\", \"vendor_class_id\","
                    + " \"vendor_specific\", \"end\"");
            assertThat(number(list, "bsdp_type")).isEqualTo(1);
            assertThat(number(list, "priority")).isEqualTo(32768);
            assertThat(string(list, "default")).isEqualTo("0x81000007");
            assertThat(list).contains("{\"id\": \"0x81000007\", \"name\": \"Lab\"}, {\"id\": \"0x81000008\", \"name\": \"Older\"}");
            assertThat(string(list, "vendor43_first")).startsWith("0101010402800007048100000709");
            assertThat(number(list, "size")).isGreaterThanOrEqualTo(300);

            String select = byExchange.get("select");
            assertThat(number(select, "bsdp_type")).isEqualTo(2);
            assertThat(string(select, "selected")).isEqualTo("0x81000007");
            assertThat(string(select, "siaddr")).isEqualTo("127.0.0.1");
            assertThat(string(select, "file")).isEqualTo("Lab.nbi/i386/booter");
            assertThat(string(select, "root_path")).isEqualTo("http://127.0.0.1/NetBoot/NetBootSP0/Lab.nbi/NetInstall.dmg");
            assertThat(string(select, "machine_name")).isEqualTo("NetBoot001");

            String failed = byExchange.get("failed");
            assertThat(number(failed, "bsdp_type")).isEqualTo(3);
            assertThat(string(failed, "vendor43_first")).isEqualTo("010103");
            assertThat(string(failed, "file")).isEmpty();

            String again = byExchange.get("again");
            assertThat(string(again, "selected")).as("the binding is remembered").isEqualTo("0x81000007");
            assertThat(number(again, "priority")).isEqualTo(32767);
        }
    }

    private static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return m.group(1);
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

}
