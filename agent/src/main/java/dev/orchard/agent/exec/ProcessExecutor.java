package dev.orchard.agent.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs commands as real processes: stdin from /dev/null, stderr merged into stdout, output read line
 * by line, and the whole process tree killed when the time limit passes.
 */
public final class ProcessExecutor implements CommandExecutor {

    /** How much output is kept for the result (the event message limit). */
    public static final int TAIL_CHARS = 4000;

    @Override
    public CommandResult run(Command command, Consumer<String> lines) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command.argv()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(command.env());
        if (command.workDir() != null) {
            pb.directory(command.workDir().toFile());
        }
        Process process = pb.start();
        OutputTail tail = new OutputTail(TAIL_CHARS);
        Thread reader = new Thread(() -> readLines(process, tail, lines), "exec-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killTree(process);
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.program(), e);
        }
        return new CommandResult(finished ? process.exitValue() : -1, tail.text(), !finished);
    }

    /**
     * The parent first (so a shell cannot go on to its next command when its child dies), then the
     * descendants found before, which would otherwise keep running and hold the output pipe open.
     */
    private static void killTree(Process process) {
        java.util.List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void readLines(Process process, OutputTail tail, Consumer<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                tail.add(line);
                lines.accept(line);
            }
        } catch (IOException | UncheckedIOException e) {
            tail.add("[output unreadable: " + e.getMessage() + "]");
        }
    }
}
