package dev.orchard.agent;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AgentMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AgentMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aUsageErrorExitsTwoWithTheSummaryLineOnStdout() {
        int code = run("--target", "/dev/sdb");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("orchard-agent result=failed exit=2 reason=usage action=- stage=- "
                + "seconds=0.0 fetched=0 reused=0 events=none message=\"--server is required (the Orchard server's URL, e.g. "
                + "http://10.0.0.2:8080)\"\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--server is required").contains("try --help");
    }

    @Test
    void anUnreachableServerExitsFourAfterTheRetries() {
        int code = run("--server", "http://127.0.0.1:1", "--mac", "00:1b:63:84:45:e6", "--backend", "generic",
                "--retries", "2", "--retry-delay", "10ms", "--connect-timeout", "1s");

        assertThat(code).isEqualTo(4);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("orchard-agent result=failed exit=4 reason=server-unreachable action=- stage=plan")
                .contains("no plan from http://127.0.0.1:1 after 2 retries");
    }

    @Test
    void theGenericBackendNeedsTheMacAddress() {
        int code = run("--server", "http://127.0.0.1:1", "--backend", "generic");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("reason=usage").contains("give --mac");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar orchard-agent.jar --server URL");
    }
}
