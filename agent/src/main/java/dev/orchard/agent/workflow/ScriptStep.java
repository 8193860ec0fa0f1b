package dev.orchard.agent.workflow;

import dev.orchard.agent.api.WorkflowStep;
import dev.orchard.agent.exec.Command;
import dev.orchard.agent.exec.CommandExecutor;
import dev.orchard.agent.exec.CommandResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@code script} step: its text (already substituted by the server) is written to a file in the
 * host's script folder and run with the step's interpreter, or its own {@code #!} line, or
 * {@code /bin/sh}; the {@code ORCHARD_*} variables are in its environment; a non-zero exit or the time
 * limit fails the step with the tail of the output.
 */
final class ScriptStep {

    private final CommandExecutor executor;

    ScriptStep(CommandExecutor executor) {
        this.executor = executor;
    }

    StepResult run(WorkflowStep step, int index, Path folder, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path file = folder.resolve(String.format("%02d-%s", index, WorkflowRunner.safeName(step.name())));
        Files.writeString(file, step.content(), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // the interpreter is given the file explicitly below
        }
        Command command = new Command(argv(step, file), env, folder, Duration.ofSeconds(step.timeoutOrDefault()));
        CommandResult result = executor.run(command);
        String output = result.output().isBlank() ? "" : "; output:\n" + result.output();
        if (result.timedOut()) {
            return StepResult.failed("timed out after " + step.timeoutOrDefault() + " s" + output);
        }
        if (result.exitCode() != 0) {
            return StepResult.failed("exit " + result.exitCode() + output);
        }
        return StepResult.succeeded("exit 0" + output);
    }

    static List<String> argv(WorkflowStep step, Path file) {
        List<String> argv = new ArrayList<>();
        if (step.interpreter() != null && !step.interpreter().isBlank()) {
            argv.addAll(List.of(step.interpreter().trim().split("\\s+")));
        } else if (!step.content().startsWith("#!")) {
            argv.add("/bin/sh");
        }
        argv.add(file.toAbsolutePath().toString());
        return argv;
    }
}
