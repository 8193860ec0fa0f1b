package dev.orchard.ops.config;

import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.testkit.MacAddressVectors;
import dev.orchard.testkit.MacAddressVectors.Vector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The shared MAC vectors through what an admin writes: a policy's {@code mac:} list in orchard.yaml (as
 * a YAML double-quoted string, so every input can be written) and a row of an inventory CSV file.
 */
class MacAddressVectorsTest {

    @TempDir
    Path dir;

    static List<Vector> vectors() {
        return MacAddressVectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void policyMacList(Vector v) throws IOException {
        Path main = Files.writeString(dir.resolve("orchard.yaml"), """
                policies:
                  - name: one
                    match:
                      mac: [%s]
                    action: none
                """.formatted(yamlQuoted(v.input())));

        ConfigLoader.Result result = ConfigLoader.check(main, ConfigLoader.Options.DEFAULTS);

        if (v.accepted()) {
            assertThat(result.errors()).isEmpty();
            assertThat(result.snapshot().orElseThrow().config().policies().get(0).match().mac())
                    .map(MacAddress::toString).containsExactly(v.canonical().orElseThrow());
        } else {
            assertThat(result.errors()).map(ConfigProblem::toString).singleElement().asString()
                    .contains("orchard.yaml:4:").contains("policies[0].match.mac")
                    .contains("is not a MAC address; " + dev.orchard.mac.MacAddress.ACCEPTED_FORMS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void inventoryCsvRow(Vector v) throws IOException {
        assumeFalse(v.input().contains("\n"), "a CSV row is one line");
        Files.writeString(dir.resolve("machines.csv"), "mac,serial,name,group\n\"" + v.input().replace("\"", "\"\"")
                + "\",,lab-1,\n");
        Path main = Files.writeString(dir.resolve("orchard.yaml"), "inventory: [machines.csv]\n");

        ConfigLoader.Result result = ConfigLoader.check(main, ConfigLoader.Options.DEFAULTS);

        if (v.accepted()) {
            assertThat(result.errors()).isEmpty();
            assertThat(result.snapshot().orElseThrow().config().inventory())
                    .map(row -> row.mac().toString()).containsExactly(v.canonical().orElseThrow());
        } else {
            // a blank MAC field is "no MAC" in a CSV row; with no serial either the row is refused
            String expected = v.input().isBlank() ? "a row needs a MAC or a serial"
                    : "is not a MAC address; " + dev.orchard.mac.MacAddress.ACCEPTED_FORMS;
            assertThat(result.errors()).map(ConfigProblem::toString).singleElement().asString()
                    .contains("machines.csv:2:1").contains(expected);
        }
    }

    /** A YAML double-quoted scalar (YAML 1.2 §7.3.1): backslash escapes for what may not appear raw. */
    private static String yamlQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
