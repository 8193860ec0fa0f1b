package dev.orchard.agent.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An external command: the exact argument vector (never a shell line), extra environment, working
 * folder and a hard time limit.
 */
public record Command(List<String> argv, Map<String, String> env, Path workDir, Duration timeout) {

    /** Commands without an explicit limit get an hour (a macOS install or asr restore can take that long). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        env = env == null ? Map.of() : Map.copyOf(env);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), Map.of(), null, null);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), null, null);
    }

    public Command withEnv(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(extra);
        return new Command(argv, merged, workDir, timeout);
    }

    public Command withWorkDir(Path dir) {
        return new Command(argv, env, Objects.requireNonNull(dir), timeout);
    }

    public Command withTimeout(Duration limit) {
        return new Command(argv, env, workDir, Objects.requireNonNull(limit));
    }

    public String program() {
        return argv.get(0);
    }

    /** The command as a POSIX shell would need it typed (for logs, events and the docs). */
    public String display() {
        return argv.stream().map(Command::quote).collect(Collectors.joining(" "));
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=,+@%".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
