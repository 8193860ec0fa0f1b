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
 * host's script folder and run with the step's interpreter, or the interpreter of its own {@code #!} line
 * (read as the kernel reads it: {@link Shebang}), or {@code /bin/sh}; the {@code ORCHARD_*} variables are
 * in its environment; a non-zero exit or the time limit fails the step with the tail of the output.
 *
 * <p>The written file is never executed itself, only read by its interpreter. Executing it raced with
 * every other process start in the JVM (the in-process lab runs many agents; an agent runs other
 * commands): a child between fork and exec holds a copy of every descriptor (the JDK opens files without
 * {@code O_CLOEXEC}), so the script could still be open for writing in some child, and {@code execve} of
 * a file open for writing fails with {@code ETXTBSY} ("error=26, Text file busy", issue 11). Reading a
 * file that another process has open for writing is always allowed, and the text is complete by then.
 */
final class ScriptStep {

    private final CommandExecutor executor;
    private final Shebang.Kernel kernel;

    ScriptStep(CommandExecutor executor) {
        this(executor, Shebang.Kernel.current());
    }

    ScriptStep(CommandExecutor executor, Shebang.Kernel kernel) {
        this.executor = executor;
        this.kernel = kernel;
    }

    StepResult run(WorkflowStep step, int index, Path folder, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Path file = folder.resolve(String.format("%02d-%s", index, WorkflowRunner.safeName(step.name())));
        byte[] text = step.content().getBytes(StandardCharsets.UTF_8);
        Files.write(file, text);
        try {
            // not needed by the agent (it never executes the file); lets an admin run it by hand
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // the interpreter is given the file explicitly below
        }
        Command command = new Command(argv(step, text, file, kernel), env, folder,
                Duration.ofSeconds(step.timeoutOrDefault()));
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

    /**
     * The command line: the step's interpreter (split at whitespace), else what the kernel would run for the
     * file's {@code #!} line, else {@code /bin/sh}; then the script's path. A {@code #!} line the kernel
     * refuses ({@code ENOEXEC}) also gets {@code /bin/sh}, as {@code execvp} gave it when the file was
     * executed. An interpreter name without a slash is relative to the working folder for the kernel,
     * not looked up in {@code PATH}: it is given as {@code ./name}.
     */
    static List<String> argv(WorkflowStep step, byte[] text, Path file, Shebang.Kernel kernel) {
        String script = file.toAbsolutePath().toString();
        if (step.interpreter() != null && !step.interpreter().isBlank()) {
            List<String> argv = new ArrayList<>(List.of(step.interpreter().trim().split("\\s+")));
            argv.add(script);
            return argv;
        }
        return Shebang.parse(text, kernel)
                .map(s -> s.interpreter().isEmpty() || s.interpreter().contains("/") ? s
                        : new Shebang("./" + s.interpreter(), s.arguments()))
                .map(s -> s.argv(script))
                .orElseGet(() -> List.of("/bin/sh", script));
    }
}
