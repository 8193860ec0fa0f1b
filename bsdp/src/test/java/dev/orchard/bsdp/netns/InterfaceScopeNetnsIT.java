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
 * {@code --interface} on real interfaces: a server with a lab side ({@code eth0}, on the bridge) and an
 * office side ({@code office0}, a veth straight to the office Mac) answers only the interfaces it is
 * told. It is told {@code eth0} and {@code office1}, which does not exist at start (a warning, not a
 * failure): the lab Mac gets its ACK, the office Mac gets silence counted as INTERFACE_NOT_SERVED; once
 * {@code office0} is renamed {@code office1}, the office Mac is answered too (interfaces are re-read).
 *
 * <pre>
 *   srv eth0 10.77.0.1 ── bridge ── cli eth0 10.77.0.2
 *   srv office0 10.79.0.1 ── veth ── oth eth1 10.79.0.2   (oth's eth0 on the bridge: 10.80.0.2, unused)
 * </pre>
 * The office Mac broadcasts from a socket bound to 10.79.0.2, so Linux sends it out of eth1 (the device
 * of the source address), and the server's route back to it leaves through office0.
 */
class InterfaceScopeNetnsIT {

    @TempDir
    Path dir;

    @Test
    void answersOnlyTheNamedInterfacesAndPicksUpOneThatAppearsLater() throws Exception {
        Path nbi = NetnsServerMain.requirementsAndCatalog(dir);
        try (Netns lab = Netns.create()) {
            Netns.Host srv = lab.host("srv", "10.77.0.1/24");
            Netns.Host cli = lab.host("cli", "10.77.0.2/24");
            Netns.Host oth = lab.host("oth", "10.80.0.2/24");
            srv.check("ip", "link", "add", "office0", "type", "veth", "peer", "name", "eth1", "netns", oth.namespace());
            srv.check("ip", "addr", "add", "10.79.0.1/24", "dev", "office0");
            srv.check("ip", "link", "set", "office0", "up");
            oth.check("ip", "addr", "add", "10.79.0.2/24", "dev", "eth1");
            oth.check("ip", "link", "set", "eth1", "up");

            Path serverLog = dir.resolve("server.log");
            Process server = srv.start(ChildJvm.command(NetnsServerMain.class, nbi.toString(), "eth0,office1"), serverLog);
            ChildJvm.awaitLine(serverLog, "READY", Duration.ofSeconds(60));

            assertThat(wire(cli, "10.77.0.2", "00:1e:c2:00:00:01")).as("the lab side is served")
                    .contains("LIST_FROM 10.77.0.1:67", "LIST_SERVER_ID 10.77.0.1");
            assertThat(wire(oth, "10.79.0.2", "00:1e:c2:00:00:02")).as("the office side is not")
                    .contains("LIST_NONE").doesNotContain("LIST_FROM");

            srv.check("ip", "link", "set", "office0", "down");
            srv.check("ip", "link", "set", "office0", "name", "office1");
            srv.check("ip", "link", "set", "office1", "up");
            String office = "";
            for (int attempt = 0; attempt < 4 && !office.contains("LIST_FROM"); attempt++) {
                Thread.sleep(2_000); // interface addresses are re-read every 5 s
                office = wire(oth, "10.79.0.2", "00:1e:c2:00:00:02");
            }
            assertThat(office).as("office1 appeared: served").contains("LIST_FROM 10.79.0.1:67", "LIST_SERVER_ID 10.79.0.1");

            try (OutputStream stdin = server.getOutputStream()) {
                stdin.write("stats\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                List<String> counters = List.of(ChildJvm.awaitLine(serverLog, "STATS", Duration.ofSeconds(30)).split(" "));
                assertThat(counters).contains("INTERFACE_NOT_SERVED=1", "NO_ROUTE=0", "INTERNAL_ERROR=0", "SEND_FAILED=0");
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("graceful exit on end of input").isTrue();
            assertThat(Files.readString(serverLog))
                    .contains("BSDP interface office1 does not exist (yet)")
                    .contains("not answered: the route to 10.79.0.2 leaves from 10.79.0.1, which is on none of the"
                            + " served interfaces [eth0, office1]")
                    .contains("BSDP interface office1 appeared");
        }
    }

    /** One INFORM[LIST] broadcast (then plain DHCP, which stays unanswered) from {@code ciaddr}:68 on {@code host}. */
    private static String wire(Netns.Host host, String ciaddr, String mac) {
        Proc.Result r = host.exec(Duration.ofSeconds(90),
                ChildJvm.command(NetnsProbeMain.class, "wire", ciaddr, mac, "iMac18,1").toArray(String[]::new));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.stdout();
    }
}
