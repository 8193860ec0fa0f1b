package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production sample of {@code orchard init DIR} (no {@code --unprivileged}: ports 67, 69 and 80, no
 * advertise address) as a new admin runs it on a fresh machine, as root: {@code validate} accepts it, and
 * {@code serve} binds 67, 69 and 80 and boots Macs that broadcast from another host of the network (a
 * network namespace each, so the real ports are free whatever else runs here); SIGTERM then exits 0.
 */
class InitSampleNetnsIT {

    @TempDir
    Path dir;

    @Test
    void theProductionSampleValidatesAndServesOnPorts67And69And80() throws Exception {
        Peers.requireRoot("network namespaces and ports 67, 68, 69 and 80");
        Peers.require("ip");
        Path setup = dir.resolve("orchard");
        Proc.Result init = Proc.run(Duration.ofMinutes(2), ChildJvm.orchard("init", setup.toString()));
        assertThat(init.exitCode()).as(init.toString()).isZero();
        Path config = setup.resolve("orchard.yaml");
        assertThat(Files.readString(config)).contains("port: 67").contains("port: 69").contains("port: 80")
                .contains("# advertise_address:");

        try (Netns lab = Netns.create()) {
            Netns.Host srv = lab.host("srv", "10.79.0.1/24");
            List<Netns.Host> macs = List.of(lab.host("mac1", "10.79.0.11/24"), lab.host("mac3", "10.79.0.13/24"));
            macs.forEach(m -> m.defaultRoute("10.79.0.1")); // a broadcast to 255.255.255.255 needs a route
            // each namespace's card carries its simulated Mac's MAC: the server checks that a plan request
            // comes from the Mac's own card (docs/agent-api.md)
            List<LabMachine> population = Population.generate(dev.orchard.ops.config.load.ConfigLoader.load(config,
                    dev.orchard.ops.config.load.ConfigLoader.Options.DEFAULTS), 4, 1, NetnsLabIT::address);
            macs.get(0).hardwareAddress(population.get(1).mac().toString());
            macs.get(1).hardwareAddress(population.get(3).mac().toString());

            Proc.Result validate = srv.exec(Duration.ofMinutes(2), ChildJvm.orchard("validate", "--config",
                    config.toString()).toArray(String[]::new));
            assertThat(validate.exitCode()).as(validate.toString()).isZero();
            assertThat(validate.stdout()).contains("OK (").doesNotContain("error:");

            Path serverLog = dir.resolve("server.log");
            Process server = srv.start(ChildJvm.orchard("serve", "--config", config.toString()), serverLog);
            ChildJvm.awaitLine(server, serverLog, "orchard serve: ready", Duration.ofSeconds(90));
            assertThat(Files.readString(serverLog)).contains("BSDP on 0.0.0.0:67 (udp), TFTP on 0.0.0.0:69 (udp)")
                    .contains(":80/");

            // Mac 1 is aimed at the first restore rule, Mac 3 at the first thin rule (Population)
            ObjectMapper json = new ObjectMapper();
            List<String> actions = new ArrayList<>();
            for (int i = 0; i < macs.size(); i++) {
                Netns.Host m = macs.get(i);
                int first = i == 0 ? 1 : 3;
                List<String> cmd = ChildJvm.orchard("lab", "--config", config.toString(), "--server", "10.79.0.1",
                        "--macs", "1", "--first", String.valueOf(first), "--broadcast", "--ciaddr", m.address(),
                        "--json", "--progress", "none", "--work",
                        Files.createDirectories(dir.resolve("work" + first)).toString());
                Proc.Result r = m.exec(Duration.ofMinutes(3), cmd.toArray(String[]::new));
                JsonNode mac = json.readTree(r.stdout()).at("/macs/0");
                assertThat(mac.at("/ok").asBoolean()).as("mac %d: %s at %s; %s", first, mac.at("/reason").asText(),
                        mac.at("/failedStage").asText(), r).isTrue();
                assertThat(r.exitCode()).isZero();
                actions.add(mac.at("/expected/action").asText());
            }
            assertThat(actions).containsExactly("restore", "thin");

            Proc.check(Duration.ofSeconds(10), "kill", "-TERM", Long.toString(server.pid()));
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as(Files.readString(serverLog)).isZero();
            assertThat(Files.readString(serverLog)).contains("orchard serve: stopped");
        }
    }
}
