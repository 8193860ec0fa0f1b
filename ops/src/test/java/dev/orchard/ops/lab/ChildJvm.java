package dev.orchard.ops.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code orchard} command as a child JVM on the test classpath (so it runs what this build compiled). */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> orchard(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.orchard.ops.cli.OrchardCli"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Waits until {@code log} of {@code process} has a line containing {@code text}; returns it. */
    static String awaitLine(Process process, Path log, String text, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with '" + text + "' in " + log + " within " + limit
                + (process.isAlive() ? "" : " (the process exited with " + process.exitValue() + ")") + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }
}
