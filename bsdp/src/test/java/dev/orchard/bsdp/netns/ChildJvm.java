package dev.orchard.bsdp.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Commands that start a class of this test classpath in a fresh JVM (run inside a namespace by the caller). */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        // leaks in the child fail the build too: same detector, same report folder
        for (String p : List.of("io.netty.leakDetectionLevel", "io.netty.customResourceLeakDetector", "orchard.leakReportDir")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Waits until {@code log} holds a line starting with {@code prefix}; returns that line. */
    static String awaitLine(Path log, String prefix, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + prefix + "' line within " + limit + " in " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no output)"));
    }
}
