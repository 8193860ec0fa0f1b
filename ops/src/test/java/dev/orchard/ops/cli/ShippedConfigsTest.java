package dev.orchard.ops.cli;

import dev.orchard.ops.config.SecretSource;
import dev.orchard.ops.init.SampleSetup;
import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.orchard.ops.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Every configuration Orchard ships validates: the examples, the packaging sample, both init variants. */
class ShippedConfigsTest {

    @TempDir
    Path dir;

    @Test
    void everyShippedConfigurationValidates() throws Exception {
        List<Path> configs;
        try (Stream<Path> examples = Files.list(Path.of("examples"))) {
            configs = new java.util.ArrayList<>(examples.map(d -> d.resolve("orchard.yaml")).filter(Files::exists).toList());
        }
        assertThat(configs).hasSizeGreaterThanOrEqualTo(3);
        configs.add(Path.of("packaging", "orchard.yaml"));
        // their folders, token and images live on a server, not here: the files alone are checked
        for (Path config : configs) {
            CommandsTest.Run r = run("validate", "--config", config.toString(), "--skip-host-checks");
            assertThat(r.code()).as("%s\n%s", config, r.out()).isZero();
            assertThat(r.out()).doesNotContain("error:").contains("this host was not checked");
        }
    }

    /** What `orchard init` writes validates as a whole, host included, with the flag it was written for. */
    @Test
    void bothInitSamplesValidateWithTheirFlagAndOnlyWithIt() throws Exception {
        Path production = SampleSetup.write(dir.resolve("init"), false, ManifestProgress.NONE);
        Path demo = SampleSetup.write(dir.resolve("init-unprivileged"), true, ManifestProgress.NONE);
        CommandsTest.Run p = run("validate", "--config", production.toString());
        if (Peers.isRoot()) {
            assertThat(p.code()).as(p.out()).isZero();
            assertThat(p.out()).doesNotContain("error:").doesNotContain("warning:");
        } else { // ports 67, 69 and 80 need root: validate says so, as serve would
            assertThat(p.code()).isEqualTo(ServiceExit.FAILED);
            assertThat(p.out()).contains("BSDP on port 67 needs root or CAP_NET_BIND_SERVICE");
        }
        CommandsTest.Run d = run("validate", "--config", demo.toString(), "--unprivileged");
        assertThat(d.code()).as(d.out()).isZero();
        assertThat(d.out()).doesNotContain("error:");

        CommandsTest.Run demoWithoutFlag = run("validate", "--config", demo.toString());
        assertThat(demoWithoutFlag.code()).isEqualTo(ServiceExit.FAILED);
        assertThat(demoWithoutFlag.out()).contains("error: server.bsdp.port is 10067, but Mac firmware sends BSDP"
                + " requests to port 67 only").contains("run with --unprivileged");
        CommandsTest.Run productionWithFlag = run("validate", "--config", production.toString(), "--unprivileged");
        assertThat(productionWithFlag.code()).isEqualTo(ServiceExit.FAILED);
        assertThat(productionWithFlag.out()).contains("error: HTTP listens on port 10080 (--unprivileged moves 80 to"
                + " 10080) but server.advertise_address is not set");
    }

    @Test
    void theSystemdUnitRunsServeWithTheRightPrivilegesAndVerifies() throws Exception {
        Path unit = Path.of("packaging", "orchard.service");
        String text = Files.readString(unit);
        assertThat(text).contains("ExecStart=/usr/bin/java -jar /opt/orchard/orchard.jar serve --config /etc/orchard/orchard.yaml\n")
                .contains("ExecReload=/bin/kill -HUP $MAINPID\n").contains("AmbientCapabilities=CAP_NET_BIND_SERVICE\n")
                .contains("User=orchard\n").contains("EnvironmentFile=/etc/orchard/orchard.env\n")
                .contains("NoNewPrivileges=yes\n").contains("ProtectSystem=strict\n")
                .doesNotContainPattern("(?m)^MemoryDenyWriteExecute="); // the JIT needs W+X memory
        assertThat(Files.readString(Path.of("packaging", "orchard.yaml"))).contains("env: ORCHARD_ADMIN_TOKEN");
        assertThat(Files.readString(Path.of("packaging", "orchard.env"))).contains("ORCHARD_ADMIN_TOKEN=");
        if (Peers.find("systemd-analyze").isPresent()) {
            Proc.Result r = Proc.run(Duration.ofSeconds(60), "systemd-analyze", "verify", unit.toAbsolutePath().toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stderr() + r.stdout()).as("systemd-analyze verify").doesNotContain("Unknown")
                    .doesNotContain("rror").doesNotContain("gnoring");
        }
    }

    /**
     * What the unit does on a stop and on a broken configuration, from its settings (no systemd runs as PID 1
     * here, so no real unit is started; docs/admin-guide.md says what was tested how). ExecStartPre validates
     * with exactly serve's arguments; a clean stop (0, or the JVM's 143 before serve handles SIGTERM) is a
     * success; exit 1 and 3 of serve are not restarted; and since RestartPreventExitStatus= does not cover a
     * failed ExecStartPre (systemd tests the main process's status only), the start limit must be reachable
     * at RestartSec intervals, or a broken configuration would be retried forever.
     */
    @Test
    void theSystemdUnitStopsCleanlyAndDoesNotRestartLoopOnABrokenConfiguration() throws Exception {
        Map<String, String> unit = unitSettings(Path.of("packaging", "orchard.service"));
        String validate = unit.get("ExecStartPre");
        String serve = unit.get("ExecStart");
        assertThat(validate).contains(" validate ");
        assertThat(validate.substring(validate.indexOf(" validate ") + " validate ".length()))
                .isEqualTo(serve.substring(serve.indexOf(" serve ") + " serve ".length()));
        assertThat(validate.substring(0, validate.indexOf(" validate ")))
                .isEqualTo(serve.substring(0, serve.indexOf(" serve ")));
        assertThat(unit.get("SuccessExitStatus").split("\\s+")).contains("143");
        assertThat(unit.get("Restart")).isEqualTo("on-failure");
        assertThat(unit.get("RestartPreventExitStatus").split("\\s+"))
                .contains(String.valueOf(ServiceExit.FAILED), String.valueOf(ServiceExit.CANNOT_START));
        int burst = Integer.parseInt(unit.get("StartLimitBurst"));
        int interval = Integer.parseInt(unit.get("StartLimitIntervalSec"));
        int restartSec = Integer.parseInt(unit.get("RestartSec"));
        assertThat(burst).as("start attempts before the unit stays failed").isBetween(2, 5);
        assertThat(interval).as("the limit is reached when attempts come RestartSec apart")
                .isGreaterThanOrEqualTo(burst * restartSec * 2);
    }

    /** The token shipped in orchard.env is a placeholder: the check validate and serve share refuses it. */
    @Test
    void theShippedPlaceholderTokenIsRefused() throws Exception {
        String line = Files.readAllLines(Path.of("packaging", "orchard.env")).stream()
                .filter(l -> l.startsWith("ORCHARD_ADMIN_TOKEN=")).findFirst().orElseThrow();
        String shipped = line.substring(line.indexOf('=') + 1);
        SecretSource.Reading r = new SecretSource("ORCHARD_ADMIN_TOKEN", null)
                .read(Map.of("ORCHARD_ADMIN_TOKEN", shipped));
        assertThat(r.secret()).isEmpty();
        assertThat(r.errors()).singleElement().asString().contains("is the shipped placeholder, not a secret")
                .contains(SecretSource.GENERATE);
    }

    /** {@code Key=value} lines of a unit file (the last one wins, as in systemd for these keys). */
    private static Map<String, String> unitSettings(Path unit) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>();
        for (String line : Files.readAllLines(unit)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && !line.startsWith("[") && eq > 0) {
                settings.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return settings;
    }
}
