package dev.orchard.ops.cli;

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
        configs.add(SampleSetup.write(dir.resolve("init"), false, ManifestProgress.NONE));
        configs.add(SampleSetup.write(dir.resolve("init-unprivileged"), true, ManifestProgress.NONE));
        for (Path config : configs) {
            CommandsTest.Run r = run("validate", "--config", config.toString());
            assertThat(r.code()).as("%s\n%s", config, r.out()).isZero();
            assertThat(r.out()).doesNotContain("error:");
        }
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
}
