package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineSeen;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.spi.OpsMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** validate, explain and machines through {@link OrchardCli#run}, as an admin types them. */
class CommandsTest {

    private static final String LAB = "examples/lab/orchard.yaml";

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OrchardCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validateAcceptsTheLabExampleFilesButNotThisHostWithoutItsFolders() {
        Run files = run("validate", "--config", LAB, "--skip-host-checks");
        assertThat(files.code()).as(files.out()).isZero();
        assertThat(files.out()).contains("orchard.yaml: OK (3 files, 6 policies, 2 workflows")
                .contains("this host was not checked");
        Run host = run("validate", "--config", LAB);
        assertThat(host.code()).isEqualTo(ServiceExit.FAILED);
        assertThat(host.out()).contains("lab/orchard.yaml:31:7: error: images.nbi_folders: /srv/orchard/nbi does not"
                + " exist").contains("orchard serve would refuse to start");
    }

    @Test
    void validateWarnsAboutAnInterfaceThisHostDoesNotHave(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("orchard.yaml");
        Files.writeString(config, "server:\n  interfaces: [lo, orch-none0]\n  data_dir: " + dir
                + "\npolicies:\n  - {name: d, action: none}\n");
        Run r = run("validate", "--config", config.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("warning: server.interfaces: network interface 'orch-none0' does not exist on"
                + " this host").doesNotContain("interface 'lo'").contains("1 warning)");
    }

    @Test
    void validateListsEveryErrorWithFileAndLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("orchard.yaml");
        Files.writeString(config, "server:\n  bsdp: {port: 0}\n  http: {port: http}\npolices: []\n"
                + "policies:\n  - name: a\n    match: {mac: 00:1b:63:84:45:zz}\n    action: none\n");
        Run r = run("validate", "--config", config.toString());
        assertThat(r.code()).isEqualTo(ServiceExit.FAILED);
        assertThat(r.out()).contains("orchard.yaml:2:16: error: server.bsdp.port: expected a whole number from 1 to 65535")
                .contains("orchard.yaml:3:16: error: server.http.port")
                .contains("orchard.yaml:4:1: error: unknown key 'polices' (did you mean 'policies'?)")
                .contains("orchard.yaml:7:18: error: policies[0].match.mac: '00:1b:63:84:45:zz' is not a MAC address")
                .contains("4 errors, 0 warnings; orchard serve would refuse to start");
    }

    @Test
    void explainPrintsTheDecisionAndTheTrace() {
        Run r = run("explain", "--config", LAB, "--mac", "AA-BB-CC-DD-EE-FF", "--model", "iMac18,3", "--ip",
                "10.20.30.7", "--serial", "c02zz0aajg5j");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Machine   aa:bb:cc:dd:ee:ff  serial C02ZZ0AAJG5J  model iMac18,3  ip 10.20.30.7")
                .contains("Decision  restore  by policy 'art-room-imacs' (" + LAB + ":116:5)")
                .contains("image          lab-base (lab-base-10.13.6.img, 268435456 bytes")
                .contains("computer name  art-C02ZZ0AAJG5J")
                .contains("workflow       lab-standard (7 steps)")
                .contains("5. script:report-inventory  echo \"imaged C02ZZ0AAJG5J (iMac18,3) as \"")
                .contains("missing        no value for {name} (rendered empty)")
                .containsPattern("1\\. no match +policy 'broken-imac-on-bench'")
                .contains("mac:      no      aa:bb:cc:dd:ee:ff is not 3c:07:54:6a:01:02")
                .contains("group:    no      not in group staff-laptops")
                .containsPattern("4\\. MATCH +policy 'art-room-imacs'")
                .contains("model:    yes     iMac18,3 matches iMac18,*")
                .contains("subnet:   yes     10.20.30.7 is in 10.20.30.0/24")
                .containsPattern("6\\. not reached +policy 'everything-else'");
    }

    @Test
    void explainJsonHasTheDecisionAndTheTrace() throws Exception {
        Run r = run("explain", "--config", LAB, "--mac", "00:1b:63:84:45:e7", "--json");
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("action").asText()).isEqualTo("restore");
        assertThat(j.get("policy").asText()).isEqualTo("kiosks");
        assertThat(j.get("policyAt").asText()).endsWith("orchard.yaml:99:5");
        assertThat(j.get("image").get("name").asText()).isEqualTo("kiosk");
        assertThat(j.get("computerName").asText()).isEqualTo("kiosk-00:1b:63:84:45:e7");
        assertThat(j.get("bsdpImages").get(0).asText()).isEqualTo("Orchard Restore");
        JsonNode trace = j.get("trace");
        assertThat(trace).hasSize(6);
        assertThat(trace.get(0).get("outcome").asText()).isEqualTo("no_match");
        assertThat(trace.get(1).get("outcome").asText()).isEqualTo("match");
        assertThat(trace.get(1).get("checks").get(0).get("detail").asText())
                .isEqualTo("in group kiosks (by MAC 00:1b:63:84:45:e7)");
        assertThat(trace.get(2).get("outcome").asText()).isEqualTo("not_reached");
    }

    @Test
    void explainRejectsABadMacAsUsage() {
        Run r = run("explain", "--config", LAB, "--mac", "not-a-mac");
        assertThat(r.code()).isEqualTo(ServiceExit.USAGE);
        assertThat(r.err()).contains("'not-a-mac' is not a MAC address");
    }

    @Test
    void machinesShowsTheJournal(@TempDir Path data) throws Exception {
        try (Journal j = Journal.open(data.resolve("journal"), JournalOptions.DEFAULTS, OpsMetrics.NOOP,
                Clock.systemUTC())) {
            j.append(new MachineSeen("00:1b:63:84:45:e6", "C02XK0AAJG5J", "iMac18,3", "art-01", "art-room-imacs",
                    "restore", "Orchard Restore", null)).get(10, TimeUnit.SECONDS);
            j.append(new MachineEvent("00:1b:63:84:45:e6", "r1", 3, Stage.RESTORE, null, EventResult.PROGRESS,
                    67_108_864L, 268_435_456L, "chunk 16/64", Instant.now(), null)).get(10, TimeUnit.SECONDS);
            j.append(new MachineEvent("00:1b:63:84:45:e7", "r9", 1, Stage.DONE, null, EventResult.SUCCEEDED,
                    null, null, null, Instant.now(), null)).get(10, TimeUnit.SECONDS);

            // read while the server still holds the journal open
            Run table = run("machines", "--data", data.toString());
            assertThat(table.code()).isZero();
            assertThat(table.out()).containsPattern("MAC +NAME +MODEL +POLICY +STAGE +PROGRESS +LAST SEEN")
                    .containsPattern("00:1b:63:84:45:e6 +art-01 +iMac18,3 +art-room-imacs +restore progress +25%")
                    .containsPattern("00:1b:63:84:45:e7 +- +- +- +done succeeded +100%");

            Path config = data.resolve("orchard.yaml");
            Files.writeString(config, "server:\n  data_dir: " + data + "\npolicies:\n  - {name: d, action: none}\n");
            Run viaConfig = run("machines", "--config", config.toString());
            assertThat(viaConfig.code()).isZero();
            // the same table, found through server.data_dir (the age column may tick between the two runs)
            assertThat(viaConfig.out().replaceAll("\\(\\d+s ago\\)", ""))
                    .isEqualTo(table.out().replaceAll("\\(\\d+s ago\\)", ""));

            Run json = run("machines", "--data", data.toString(), "--json");
            JsonNode rows = new ObjectMapper().readTree(json.out()).get("machines");
            assertThat(rows).hasSize(2);
            assertThat(rows.findValuesAsText("mac")).containsExactlyInAnyOrder("00:1b:63:84:45:e6",
                    "00:1b:63:84:45:e7");
        }
    }

    @Test
    void machinesWithoutAJournalSaysSo(@TempDir Path data) {
        Run r = run("machines", "--data", data.toString());
        assertThat(r.code()).isEqualTo(ServiceExit.FAILED);
        assertThat(r.err()).contains("no journal at");
    }
}
