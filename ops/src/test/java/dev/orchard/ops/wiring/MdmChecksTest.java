package dev.orchard.ops.wiring;

import dev.orchard.ops.config.ConfigProblem;
import dev.orchard.ops.config.MdmSettings;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.load.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mdm:} read from YAML into {@link MdmSettings}, then its secrets read by the host check both
 * {@code validate} and {@code serve} run; the refusals are the broken configurations 200–209 (docs/config.md).
 */
class MdmChecksTest {

    @TempDir
    Path dir;

    @Test
    void aCompleteSectionGivesTheUrlTheSecretsAndTheDefaultTimeout() throws Exception {
        secret("api-key", "0123456789abcdef-api");
        OrchardConfig c = load("""
                mdm:
                  url: https://mdm.example.org/nanomdm/
                  api_key: {file: api-key}
                  webhook_secret: {env: ORCHARD_TEST_WEBHOOK}
                policies:
                  - {name: nothing, action: none}
                """);
        assertThat(c.mdm().url()).isEqualTo(URI.create("https://mdm.example.org/nanomdm/"));
        assertThat(c.mdm().apiKey().file()).isEqualTo(dir.resolve("api-key"));
        assertThat(c.mdm().webhookSecret().env()).isEqualTo("ORCHARD_TEST_WEBHOOK");
        assertThat(c.mdm().timeoutSeconds()).isEqualTo(MdmSettings.DEFAULT_TIMEOUT_SECONDS);

        Problems problems = new Problems();
        Optional<MdmCredentials> creds = MdmChecks.check(c, Map.of("ORCHARD_TEST_WEBHOOK", "webhook-secret-0123456"),
                problems);
        assertThat(problems.sorted()).isEmpty();
        assertThat(creds).hasValueSatisfying(m -> {
            assertThat(m.apiKey()).isEqualTo("0123456789abcdef-api");
            assertThat(m.webhookSecret()).isEqualTo("webhook-secret-0123456");
            assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(m.toString()).doesNotContain("0123456789abcdef-api", "webhook-secret-0123456");
        });
    }

    @Test
    void plainHttpToAnotherHostIsAWarningLoopbackIsNot() throws Exception {
        String section = """
                mdm:
                  url: %s
                  api_key: {env: K}
                  webhook_secret: {env: W}
                policies:
                  - {name: nothing, action: none}
                """;
        Map<String, String> env = Map.of("K", "0123456789abcdef-api", "W", "webhook-secret-0123456");
        Problems remote = new Problems();
        assertThat(MdmChecks.check(load(section.formatted("http://mdm.example.org:9000/")), env, remote)).isPresent();
        assertThat(remote.sorted()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.message()).contains("plain http");
            assertThat(p.at().line()).isEqualTo(2);
        });
        Problems local = new Problems();
        MdmChecks.check(load(section.formatted("http://127.0.0.1:9000/")), env, local);
        assertThat(local.sorted()).isEmpty();
    }

    @Test
    void withoutTheSectionThereIsNothingToCheck() throws Exception {
        Problems problems = new Problems();
        assertThat(MdmChecks.check(load("policies:\n  - {name: nothing, action: none}\n"), Map.of(), problems)).isEmpty();
        assertThat(problems.sorted()).extracting(ConfigProblem::message).isEmpty();
    }

    private OrchardConfig load(String yaml) throws Exception {
        Path main = dir.resolve("orchard.yaml");
        Files.writeString(main, yaml);
        return ConfigLoader.load(main).config();
    }

    private void secret(String name, String value) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, value + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }
}
