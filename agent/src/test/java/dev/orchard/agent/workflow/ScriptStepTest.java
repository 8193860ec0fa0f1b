package dev.orchard.agent.workflow;

import dev.orchard.agent.api.WorkflowStep;
import dev.orchard.agent.exec.ProcessExecutor;
import dev.orchard.agent.workflow.Shebang.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line of a script step, and real runs of it. */
class ScriptStepTest {

    private static final Path FILE = Path.of("/work/scripts/02-hello");

    @TempDir
    Path dir;

    private static WorkflowStep script(String content, String interpreter) {
        return new WorkflowStep("script", "hello", null, null, null, content, interpreter, 30, null, null, null, null, null);
    }

    private static List<String> argv(String content, String interpreter, Kernel kernel) {
        return ScriptStep.argv(script(content, interpreter), content.getBytes(StandardCharsets.UTF_8), FILE, kernel);
    }

    @Test
    void theFileIsAlwaysGivenToAnInterpreterNeverExecutedItself() {
        for (Kernel k : Kernel.values()) {
            assertThat(argv("echo hi\n", null, k)).containsExactly("/bin/sh", "/work/scripts/02-hello");
            assertThat(argv("#!/bin/sh\necho hi\n", null, k)).containsExactly("/bin/sh", "/work/scripts/02-hello");
            assertThat(argv("#!/bin/bash -e\necho hi\n", null, k))
                    .containsExactly("/bin/bash", "-e", "/work/scripts/02-hello");
            assertThat(argv("#!\necho hi\n", null, k)).as("ENOEXEC: execvp's /bin/sh")
                    .containsExactly("/bin/sh", "/work/scripts/02-hello");
            assertThat(argv("#!python3\n", null, k)).as("relative to the working folder, not PATH")
                    .containsExactly("./python3", "/work/scripts/02-hello");
        }
        assertThat(argv("#!/usr/bin/env python3 -u\n", null, Kernel.LINUX))
                .containsExactly("/usr/bin/env", "python3 -u", "/work/scripts/02-hello");
        assertThat(argv("#!/usr/bin/env python3 -u\n", null, Kernel.XNU))
                .containsExactly("/usr/bin/env", "python3", "-u", "/work/scripts/02-hello");
    }

    @Test
    void theStepsInterpreterWinsOverTheHashBangLine() {
        assertThat(argv("#!/bin/sh\nputs 1\n", " /usr/bin/ruby  -w ", Kernel.LINUX))
                .containsExactly("/usr/bin/ruby", "-w", "/work/scripts/02-hello");
    }

    @Test
    void aHashBangScriptRunsWithItsInterpreterAndArgumentAndTheAgentsEnvironment() throws Exception {
        ScriptStep step = new ScriptStep(new ProcessExecutor());
        StepResult ok = step.run(script("#!/bin/sh -u\necho \"serial $ORCHARD_SERIAL from $0\"\n", null), 2,
                dir, Map.of("ORCHARD_SERIAL", "C02XK0AAJG5J"));
        assertThat(ok.outcome()).as(ok.message()).isEqualTo(StepResult.Outcome.SUCCEEDED);
        assertThat(ok.message()).contains("serial C02XK0AAJG5J from " + dir.resolve("02-hello"));

        StepResult failed = step.run(script("#!/bin/sh -eu\necho before\necho \"$UNSET_IN_AGENT\"\necho never\n", null),
                3, dir, Map.of());
        assertThat(failed.outcome()).as("-u from the #! line is in force").isEqualTo(StepResult.Outcome.FAILED);
        assertThat(failed.message()).contains("before").doesNotContain("never");
        assertThat(Files.readString(dir.resolve("03-hello"))).startsWith("#!/bin/sh -eu\n");
    }
}
