package dev.orchard.bsdp.netns;

import dev.orchard.testkit.Netns;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real broadcast on a real (virtual) Ethernet: the server in its own namespace bound to 0.0.0.0:67, Macs
 * in others on the same bridge broadcasting to 255.255.255.255:67 from port 68; replies must arrive
 * unicast at ciaddr:68 from port 67, ordinary DHCP must stay unanswered, a second subnet on the server
 * gets that subnet's address as server identifier, and a relayed request (giaddr set) is answered to
 * ciaddr through a router.
 *
 * <pre>
 *   srv 10.77.0.1 + 10.79.0.1      cli 10.77.0.2      oth 10.79.0.2
 *   rtr 10.77.0.254 + 10.78.1.254 (forwarding)         far 10.78.1.2 (default via rtr)
 *   cli's default route is rtr too
 * </pre>
 *
 * The relay is simulated by sending, from rtr:67, exactly what a relay agent forwards (unicast to the
 * server, giaddr = its client-side address); the reply then travels back through rtr by routing.
 */
class BroadcastNetnsIT {

    @TempDir
    Path dir;

    @Test
    void broadcastUnicastRepliesSilenceForPlainDhcpMultiHomingAndRelay() throws Exception {
        Path nbi = NetnsServerMain.requirementsAndCatalog(dir);
        try (Netns lab = Netns.create()) {
            Netns.Host srv = lab.host("srv", "10.77.0.1/24");
            Netns.Host cli = lab.host("cli", "10.77.0.2/24");
            Netns.Host oth = lab.host("oth", "10.79.0.2/24");
            Netns.Host rtr = lab.host("rtr", "10.77.0.254/24");
            Netns.Host far = lab.host("far", "10.78.1.2/24");
            srv.check("ip", "addr", "add", "10.79.0.1/24", "dev", "eth0");
            srv.check("ip", "route", "add", "10.78.1.0/24", "via", "10.77.0.254");
            rtr.check("ip", "addr", "add", "10.78.1.254/24", "dev", "eth0");
            rtr.check("sysctl", "-qw", "net.ipv4.ip_forward=1");
            far.defaultRoute("10.78.1.254");
            // a Mac has a router from its DHCP lease; without any route, Linux cannot send to 255.255.255.255
            // from an unbound socket (ENETUNREACH), which the client reports at once
            cli.defaultRoute("10.77.0.254");

            Path serverLog = dir.resolve("server.log");
            Process server = srv.start(ChildJvm.command(NetnsServerMain.class, nbi.toString()), serverLog);
            ChildJvm.awaitLine(serverLog, "READY", Duration.ofSeconds(60));

            Proc.Result wire = cli.exec(Duration.ofSeconds(90),
                    ChildJvm.command(NetnsProbeMain.class, "wire", "10.77.0.2", "00:1e:c2:00:00:01", "iMac18,1")
                            .toArray(String[]::new));
            assertThat(wire.ok()).as(wire.toString()).isTrue();
            assertThat(wire.stdout()).contains("LIST_FROM 10.77.0.1:67", "LIST_SERVER_ID 10.77.0.1",
                    "LIST_DEFAULT 0x81000001", "PLAIN_DISCOVER SILENT", "PLAIN_REQUEST SILENT", "PLAIN_INFORM SILENT");

            Proc.Result boot = cli.exec(Duration.ofSeconds(90),
                    ChildJvm.command(NetnsProbeMain.class, "boot", "10.77.0.2", "00:1e:c2:00:00:02", "iMac18,1")
                            .toArray(String[]::new));
            assertThat(boot.stdout()).as(boot.toString()).contains("BOOT_FAILED false", "BOOT_SIADDR 10.77.0.1",
                    "BOOT_FILE Lab.nbi/i386/booter", "BOOT_ROOT http://10.77.0.1/NetBoot/NetBootSP0/Lab.nbi/NetInstall.dmg",
                    "BOOT_NAME NetBoot001");

            Proc.Result other = oth.exec(Duration.ofSeconds(90),
                    ChildJvm.command(NetnsProbeMain.class, "wire", "10.79.0.2", "00:1e:c2:00:00:03", "iMac18,1")
                            .toArray(String[]::new));
            assertThat(other.stdout()).as("multi-homed: the address on the Mac's subnet")
                    .contains("LIST_FROM 10.79.0.1:67", "LIST_SERVER_ID 10.79.0.1");

            Path farLog = dir.resolve("far.log");
            Process listener = far.start(ChildJvm.command(NetnsProbeMain.class, "listen", "10.78.1.2", "30"), farLog);
            ChildJvm.awaitLine(farLog, "LISTENING", Duration.ofSeconds(60));
            Proc.Result relayed = rtr.exec(Duration.ofSeconds(90), ChildJvm.command(NetnsProbeMain.class, "relay-send",
                    "10.77.0.254", "10.78.1.254", "10.77.0.1", "10.78.1.2", "00:1e:c2:00:00:04").toArray(String[]::new));
            assertThat(relayed.stdout()).as(relayed.toString()).contains("RELAYED");
            assertThat(listener.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(farLog)).contains("REPLY_FROM 10.77.0.1:67", "REPLY_SERVER_ID 10.77.0.1",
                    "REPLY_GIADDR 10.78.1.254");

            try (OutputStream stdin = server.getOutputStream()) {
                stdin.write("stats\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                String stats = ChildJvm.awaitLine(serverLog, "STATS", Duration.ofSeconds(30));
                List<String> counters = List.of(stats.split(" "));
                assertThat(counters).contains("NOT_BSDP=6", "MALFORMED=0", "INTERNAL_ERROR=0", "SEND_FAILED=0");
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("graceful exit on end of input").isTrue();
        }
    }
}
