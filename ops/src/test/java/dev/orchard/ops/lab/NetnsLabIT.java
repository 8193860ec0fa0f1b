package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.testkit.Netns;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five simulated Macs on a real (virtual) Ethernet, each in its own network namespace on a bridge, the
 * server in another as a child JVM ({@code orchard serve}, ports 67/69/80 on 0.0.0.0): real broadcast
 * BSDP to 255.255.255.255:67 from port 68, replies unicast to each Mac's address, TFTP from siaddr, HTTP
 * from the Mac's address, the agent's events — over links that drop 2 % of the packets each host
 * receives (iptables statistic on INPUT; this kernel has no sch_netem). Every Mac is its own child JVM
 * ({@code orchard lab --broadcast --macs 1 --first i}) reporting JSON; all five must reach their end
 * state: one per action of the configuration (none, restore, install + workflow, thin, restore + workflow).
 *
 * <pre>
 *   srv 10.78.0.1 (orchard serve)      mac0…mac4 10.78.0.11…15 (default route via srv, as a DHCP lease gives)
 * </pre>
 */
class NetnsLabIT {

    /** Packets the host's loss rule dropped (iptables counters of the INPUT chain's DROP rule). */
    private static long dropped(Netns.Host host) {
        Proc.Result r = host.check("iptables", "-L", "INPUT", "-v", "-n", "-x");
        return r.stdout().lines().filter(l -> l.contains("DROP") && l.contains("statistic"))
                .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[0])).sum();
    }

    private static final int MACS = 5;

    static java.net.Inet4Address address(int i) {
        try {
            return (java.net.Inet4Address) java.net.InetAddress.getByName("10.78.0." + (11 + i));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
    private static final double LOSS = 0.02;

    @TempDir
    Path dir;

    @Test
    void fiveMacsInTheirOwnNamespacesBroadcastBootAndRestoreOverLossyLinks() throws Exception {
        Peers.requireRoot("network namespaces, ports 67, 68, 69 and 80");
        Peers.require("ip");
        Peers.require("iptables");
        LabFixture fixture = LabFixture.write(dir.resolve("setup"), 4 << 20, 400_009, """
                server:
                  advertise_address: 10.78.0.1
                  data_dir: data
                  bsdp: {address: 0.0.0.0, port: 67}
                  tftp: {address: 0.0.0.0, port: 69}
                  http: {address: 0.0.0.0, port: 80}
                """);
        // each namespace's card has its simulated Mac's MAC: the server checks that a plan request comes from
        // the Mac's own card (docs/agent-api.md)
        List<LabMachine> population = Population.generate(ConfigLoader.load(fixture.config(),
                ConfigLoader.Options.DEFAULTS), MACS, 1, NetnsLabIT::address);
        try (Netns lab = Netns.create()) {
            Netns.Host srv = lab.host("srv", "10.78.0.1/24");
            List<Netns.Host> macs = new ArrayList<>();
            for (int i = 0; i < MACS; i++) {
                Netns.Host m = lab.host("mac" + i, "10.78.0." + (11 + i) + "/24");
                m.hardwareAddress(population.get(i).mac().toString());
                m.defaultRoute("10.78.0.1");
                macs.add(m);
            }
            srv.dropIncoming(LOSS);
            macs.forEach(m -> m.dropIncoming(LOSS));

            Path serverLog = dir.resolve("server.log");
            List<String> serve = new ArrayList<>(List.of("env", "ORCHARD_ADMIN_TOKEN=netns-lab-admin-token-0123"));
            serve.addAll(ChildJvm.orchard("serve", "--config", fixture.config().toString()));
            Process server = srv.start(serve, serverLog);
            ChildJvm.awaitLine(server, serverLog, "orchard serve: ready", Duration.ofSeconds(90));

            List<CompletableFuture<Proc.Result>> runs = new ArrayList<>();
            for (int i = 0; i < MACS; i++) {
                Netns.Host m = macs.get(i);
                List<String> cmd = ChildJvm.orchard("lab", "--config", fixture.config().toString(), "--macs", "1",
                        "--first", String.valueOf(i), "--broadcast", "--ciaddr", m.address(), "--json",
                        "--progress", "none", "--work", Files.createDirectories(dir.resolve("work" + i)).toString());
                runs.add(CompletableFuture.supplyAsync(() -> m.exec(Duration.ofMinutes(3), cmd.toArray(String[]::new))));
            }
            ObjectMapper json = new ObjectMapper();
            List<String> actions = new ArrayList<>();
            for (int i = 0; i < MACS; i++) {
                Proc.Result r = runs.get(i).get(4, TimeUnit.MINUTES);
                assertThat(r.stdout()).as("mac%d: %s", i, r).isNotBlank();
                JsonNode report = json.readTree(r.stdout());
                JsonNode mac = report.at("/macs/0");
                assertThat(mac.at("/ok").asBoolean()).as("mac%d %s (expected %s): %s at %s; %s", i, mac.at("/mac").asText(),
                        mac.at("/expected/action").asText(), mac.at("/reason").asText(), mac.at("/failedStage").asText(),
                        r.stderr()).isTrue();
                assertThat(mac.at("/ciaddr").asText()).isEqualTo(macs.get(i).address());
                assertThat(r.exitCode()).isZero();
                actions.add(mac.at("/expected/action").asText());
            }
            assertThat(actions).contains("none", "restore", "install", "thin");
            long dropped = dropped(srv) + macs.stream().mapToLong(NetnsLabIT::dropped).sum();
            assertThat(dropped).as("packets the lossy links dropped").isPositive();
        }
    }
}
