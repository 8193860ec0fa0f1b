package dev.orchard.agent.cli;

import dev.orchard.agent.restore.RestoreOptions;
import dev.orchard.agent.run.AgentOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentArgumentsTest {

    private static AgentOptions parse(String... args) throws UsageException {
        return AgentArguments.parse(List.of(args)).options();
    }

    @Test
    void theDocumentedDefaults() throws Exception {
        AgentOptions o = parse("--server", "http://10.0.0.2:8080", "--target", "/dev/sdb", "--mac", "00:1b:63:84:45:e6");

        assertThat(o.server().toString()).isEqualTo("http://10.0.0.2:8080");
        assertThat(o.mode()).isEqualTo(AgentOptions.Mode.AUTO);
        assertThat(o.backend()).isEqualTo(AgentOptions.BackendKind.GENERIC);
        assertThat(o.http().retries()).isEqualTo(10);
        assertThat(o.http().stallTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.restore().maxBufferBytes()).isEqualTo(4 << 20);
        assertThat(o.restore().reuse()).isEqualTo(RestoreOptions.Reuse.AUTO);
        assertThat(o.reportTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.volumeName()).isEqualTo("Macintosh HD");
        assertThat(o.reboot()).isTrue();
        assertThat(o.sandbox()).isEqualTo(o.workFolder().resolve("sandbox"));
    }

    @Test
    void everyKnobParses() throws Exception {
        AgentOptions o = parse("--server=https://orchard.lab", "--backend", "macos", "--mode", "thin", "--retries", "3",
                "--retry-delay", "250ms", "--retry-max-delay", "2m", "--stall-timeout", "45", "--buffer-size", "1MiB",
                "--buffers", "8", "--direct-io", "off", "--reuse", "scan", "--sync-interval", "2s", "--no-reboot",
                "--volume-name", "Lab HD", "--work", "/var/tmp/w", "--event-queue", "64", "--progress-interval", "5s");

        assertThat(o.backend()).isEqualTo(AgentOptions.BackendKind.MACOS);
        assertThat(o.mode()).isEqualTo(AgentOptions.Mode.THIN);
        assertThat(o.http().retries()).isEqualTo(3);
        assertThat(o.http().retryInitial()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.http().retryMax()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.http().stallTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(o.restore()).isEqualTo(new RestoreOptions(1 << 20, 8, RestoreOptions.DirectIo.OFF, RestoreOptions.Reuse.SCAN,
                Duration.ofSeconds(2)));
        assertThat(o.reboot()).isFalse();
        assertThat(o.volumeName()).isEqualTo("Lab HD");
        assertThat(o.workFolder()).isEqualTo(Path.of("/var/tmp/w"));
        assertThat(o.eventQueue()).isEqualTo(64);
        assertThat(o.progressEvery()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--target x|--server is required",
            "--server ftp://x|--server: 'ftp://x' is not an http:// or https:// URL",
            "--server http://x --mode fast|--mode: 'fast' is not one of auto, thin",
            "--server http://x --retries -1|--retries: '-1' is not a whole number >= 0",
            "--server http://x --stall-timeout soon|--stall-timeout: 'soon' is not a duration; examples: 500ms, 30s, 5m",
            "--server http://x --buffer-size 5000|--buffer-size must be a multiple of 4 KiB",
            "--server http://x --buffer-size huge|--buffer-size: 'huge' is not a size",
            "--server http://x --frobnicate 1|unknown option --frobnicate",
            "--server http://x --target|--target needs a value",
            "--server http://x stray|unexpected argument 'stray'",
            "--server http://x --manifest m.json|--manifest goes with --image",
    })
    void mistakesSayWhatIsValid(String line, String message) {
        assertThatThrownBy(() -> AgentArguments.parse(List.of(line.split(" ")))).isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aHandOffFileGivesDefaultsThatFlagsOverride(@TempDir Path dir) throws Exception {
        Path handOff = Files.writeString(dir.resolve("handoff.json"), "{\"version\":1,\"server\":\"http://10.0.0.2:8080\","
                + "\"mac\":\"00:1b:63:84:45:e6\",\"serial\":\"C02\",\"model\":\"iMac18,1\",\"mode\":\"thin\",\"after\":\"install\","
                + "\"work\":\"/Library/Orchard/work\",\"later\":\"ignored\"}");

        AgentOptions o = parse("--handoff", handOff.toString(), "--serial", "OVERRIDE");

        assertThat(o.server().toString()).isEqualTo("http://10.0.0.2:8080");
        assertThat(o.mac()).isEqualTo("00:1b:63:84:45:e6");
        assertThat(o.serial()).isEqualTo("OVERRIDE");
        assertThat(o.mode()).isEqualTo(AgentOptions.Mode.THIN);
        assertThat(o.handedOffFrom()).isEqualTo("install");
        assertThat(o.workFolder()).isEqualTo(Path.of("/Library/Orchard/work"));
    }

    @Test
    void helpAndVersionNeedNothingElse() throws Exception {
        assertThat(AgentArguments.parse(List.of("--help")).help()).isTrue();
        assertThat(AgentArguments.parse(List.of("--version")).version()).isTrue();
    }
}
