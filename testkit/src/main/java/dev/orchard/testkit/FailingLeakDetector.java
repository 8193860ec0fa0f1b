package dev.orchard.testkit;

import io.netty.util.ResourceLeakDetector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Netty leak detector that, besides logging, writes every leak report to a file under
 * {@code -Dorchard.leakReportDir}. The build's enforcer rule fails {@code verify} when that folder
 * exists, so a leak is a red build rather than a log line nobody reads.
 *
 * <p>Installed with {@code -Dio.netty.customResourceLeakDetector=dev.orchard.testkit.FailingLeakDetector}
 * (see the root pom); Netty instantiates it once per tracked resource type.
 */
public class FailingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final List<String> REPORTS = new ArrayList<>();

    public FailingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public FailingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    /** Leak reports seen so far in this JVM. */
    public static synchronized List<String> reports() {
        return List.copyOf(REPORTS);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        super.reportTracedLeak(resourceType, records);
        record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        super.reportUntracedLeak(resourceType);
        record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected (untraced).");
    }

    private static void record(String report) {
        synchronized (FailingLeakDetector.class) {
            REPORTS.add(report);
        }
        String dir = System.getProperty("orchard.leakReportDir");
        if (dir == null) {
            return;
        }
        try {
            Path folder = Files.createDirectories(Path.of(dir));
            Path file = folder.resolve("leak-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + ".txt");
            Files.writeString(file, report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("could not write the leak report: " + e);
        }
    }
}
