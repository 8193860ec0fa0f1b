package dev.orchard.ops.cli;

import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.ops.init.SampleSetup;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.orchard.ops.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code orchard serve} through {@link OrchardCli#run}: the ways it refuses to start, and their exit codes. */
@ExtendWith(RestoreTestLogging.class)
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aBrokenConfigurationListsEveryErrorAndStartsNothing() throws Exception {
        Path config = dir.resolve("orchard.yaml");
        Files.writeString(config, "server:\n  http: {port: 99999}\npolicies:\n  - name: x\n    action: restore\n");
        CommandsTest.Run r = run("serve", "--config", config.toString(), "--unprivileged");
        assertThat(r.code()).isEqualTo(ServiceExit.FAILED);
        assertThat(r.err()).contains("orchard.yaml:2:16: error: server.http.port")
                .contains("orchard.yaml:4:5: error: policy 'x': action restore needs image:")
                .contains("has errors (`orchard validate --config " + config + " --unprivileged` lists the same);"
                        + " nothing was started");
    }

    @Test
    void aBadLogFormatIsAUsageError() throws Exception {
        Path config = SampleSetup.write(dir.resolve("lab"), true, ManifestProgress.NONE);
        CommandsTest.Run r = run("serve", "--config", config.toString(), "--log-format", "xml");
        assertThat(r.code()).isEqualTo(ServiceExit.USAGE);
        assertThat(r.err()).contains("'xml' is not a log format; expected text or json");
    }

    @Test
    void aPortInUseExitsThreeAndNamesThePort() throws Exception {
        Path config = SampleSetup.write(dir.resolve("lab"), true, ManifestProgress.NONE);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(config, Files.readString(config).replace("address: 0.0.0.0", "address: 127.0.0.1")
                    .replace("port: 10080", "port: " + taken.getLocalPort()));
            CommandsTest.Run r = run("serve", "--config", config.toString(), "--unprivileged");
            assertThat(r.code()).as(r.err()).isEqualTo(ServiceExit.CANNOT_START);
            assertThat(r.err()).contains("HTTP cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is already in use").contains("nothing was left running");
        }
    }
}
