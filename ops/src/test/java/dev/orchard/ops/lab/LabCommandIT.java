package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.cli.OrchardCli;
import dev.orchard.ops.wiring.OrchardServer;
import dev.orchard.testkit.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code orchard lab} through the command line against a running server: exit 0 and a JSON report when
 * every Mac ends as its policy says; exit 1 with the reason when the lab's configuration asks for
 * something the server does not give (here: the kiosks' NBI differs).
 */
@ExtendWith(LeakCheckExtension.class)
class LabCommandIT {

    @TempDir
    Path dir;

    @Test
    void exitZeroWithAJsonReportWhenEveryMacEndsRightAndOneWithTheReasonOtherwise() throws Exception {
        LabFixture fixture = LabFixture.write(dir.resolve("setup"), 1 << 20, 10067, 10069, 10080);
        try (OrchardServer server = OrchardServer.start(fixture.serveOptions())) {
            List<String> common = List.of("--server", "127.0.0.1",
                    "--bsdp-port", String.valueOf(server.bsdpAddress().getPort()),
                    "--tftp-port", String.valueOf(server.tftpAddress().getPort()),
                    "--http-port", String.valueOf(server.httpAddress().getPort()),
                    "--macs", "6", "--seed", "3", "--progress", "none", "--work", dir.resolve("work").toString());

            Run ok = run(fixture.config(), common, "--json");
            assertThat(ok.code).as(ok.err).isZero();
            JsonNode report = new ObjectMapper().readTree(ok.out);
            assertThat(report.at("/summary/ok").asBoolean()).isTrue();
            assertThat(report.at("/summary/succeeded").asInt()).isEqualTo(6);
            assertThat(report.at("/macs")).hasSize(6);
            assertThat(report.at("/macs/1/stagesMs/tftp").asDouble()).isPositive();
            assertThat(report.at("/macs/1/events").toString()).contains("done succeeded");

            // the lab's view of the policy differs from the server's: kiosks boot the install NBI
            Path other = fixture.root().resolve("other.yaml");
            Files.writeString(other, Files.readString(fixture.config()).replace(
                    "match: {group: kiosks}\n    nbi: " + LabFixture.RESTORE_NBI,
                    "match: {group: kiosks}\n    nbi: " + LabFixture.INSTALL_NBI));
            assertThat(Files.readString(other)).isNotEqualTo(Files.readString(fixture.config()));
            Run bad = run(other, common);
            assertThat(bad.code).as(bad.out + bad.err).isEqualTo(1);
            assertThat(bad.out).contains("1 failed").contains("FAILED mac-0001")
                    .contains("at bsdp: default image is '" + LabFixture.RESTORE_NBI + "', the policy's is '"
                            + LabFixture.INSTALL_NBI + "' (rule 'kiosks')");
        }
    }

    @Test
    void modernMacsThroughTheCommandLineWithMdmFaultsAndTheOptionsInTheHelp() throws Exception {
        Run help = run(dir.resolve("none.yaml"), List.of(), "--help");
        assertThat(help.out).contains("--mdm-lose-webhook", "--mdm-duplicate-webhooks", "--mdm-never-back",
                "--mdm-down");

        LabFixture fixture = LabFixture.writeMixed(dir.resolve("mixed"), 1 << 20, LabFixture.freeLoopbackPort());
        try (OrchardServer server = OrchardServer.start(fixture.serveOptions())) {
            // ten Macs: one per netboot rule and four modern Macs; the lab reads the admin token and both MDM keys
            // from the files the configuration names, and starts the simulator where mdm.url points
            Run ok = run(fixture.config(), List.of("--server", "127.0.0.1",
                    "--bsdp-port", String.valueOf(server.bsdpAddress().getPort()),
                    "--tftp-port", String.valueOf(server.tftpAddress().getPort()),
                    "--http-port", String.valueOf(server.httpAddress().getPort()),
                    "--macs", "10", "--progress", "none", "--work", dir.resolve("work2").toString(),
                    "--mdm-lose-webhook", "1", "--mdm-duplicate-webhooks", "1", "--mdm-down", "3"), "--json");
            assertThat(ok.code).as(ok.out + ok.err).isZero();
            JsonNode report = new ObjectMapper().readTree(ok.out);
            assertThat(report.at("/summary/expected/erase").asInt()).isEqualTo(4);
            assertThat(report.at("/summary/stages/erase/count").asInt()).isEqualTo(4);
            int modern = 0;
            for (JsonNode mac : report.at("/macs")) {
                if (mac.at("/expected/action").asText().equals("erase")) {
                    modern++;
                    assertThat(mac.at("/ok").asBoolean()).as(mac.toString()).isTrue();
                    assertThat(mac.at("/events").toString()).contains("done succeeded");
                }
            }
            assertThat(modern).isEqualTo(4);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Path config, List<String> common, String... more) {
        List<String> args = new ArrayList<>(List.of("lab", "--config", config.toString()));
        args.addAll(common);
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OrchardCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
