package dev.orchard.agent.exec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessExecutorTest {

    private final ProcessExecutor executor = new ProcessExecutor();

    @Test
    void capturesMergedOutputExitCodeAndEnvironment() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandResult r = executor.run(Command.of("/bin/sh", "-c", "echo out $ORCHARD_X; echo err >&2; exit 7")
                .withEnv(Map.of("ORCHARD_X", "42")), lines::add);

        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.output()).contains("out 42").contains("err");
        assertThat(lines).contains("out 42", "err");
        assertThat(r.describe()).isEqualTo("exit 7");
    }

    @Test
    void killsTheWholeTreeAtTheTimeLimit() throws Exception {
        long started = System.nanoTime();
        CommandResult r = executor.run(Command.of("/bin/sh", "-c", "echo begun; sleep 30 & sleep 30; echo never")
                .withTimeout(Duration.ofMillis(500)));

        assertThat(r.timedOut()).isTrue();
        assertThat(r.describe()).isEqualTo("timed out");
        assertThat(r.output()).contains("begun").doesNotContain("never");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void keepsOnlyTheTailOfAFloodOfOutput() throws Exception {
        CommandResult r = executor.run(Command.of("/bin/sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done"));

        assertThat(r.output().length()).isLessThanOrEqualTo(ProcessExecutor.TAIL_CHARS);
        assertThat(r.output()).startsWith("…").endsWith("line 19999\n");
    }

    @Test
    void displaysCommandsAsAShellWouldNeedThem() {
        assertThat(Command.of("diskutil", "eraseDisk", "APFS", "Macintosh HD", "GPT", "disk0").display())
                .isEqualTo("diskutil eraseDisk APFS 'Macintosh HD' GPT disk0");
        assertThat(Command.of("echo", "it's").display()).isEqualTo("echo 'it'\\''s'");
    }
}
