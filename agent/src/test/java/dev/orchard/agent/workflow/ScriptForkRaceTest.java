package dev.orchard.agent.workflow;

import dev.orchard.agent.api.WorkflowStep;
import dev.orchard.agent.exec.ProcessExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab flake of issue 11 item 3, reproduced: many agents in one JVM each write a {@code #!} script and
 * run it while other threads start processes all the time. A child between fork and exec (with the JDK's
 * posix_spawn launch, {@code jspawnhelper} until it closes the inherited descriptors) holds every
 * descriptor of the parent, and the JDK opens files without {@code O_CLOEXEC}: a script that is still open
 * for writing in such a child cannot be executed ({@code execve} fails with {@code ETXTBSY}, "error=26,
 * Text file busy"). A script step must never fail that way.
 */
class ScriptForkRaceTest {

    private static final int SCRIPT_THREADS = 4;
    private static final int FORK_THREADS = 4;
    private static final int RUNS = 1_500;
    private static final long LIMIT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void scriptsRunWhileOtherThreadsForkNeverFailWithTextFileBusy() throws Exception {
        ScriptStep scripts = new ScriptStep(new ProcessExecutor());
        WorkflowStep step = new WorkflowStep("script", "race", null, null, null, "#!/bin/sh\nexit 0\n", null, 30,
                null, null, null, null, null);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger forks = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int f = 0; f < FORK_THREADS; f++) {
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    try {
                        new ProcessBuilder("/bin/true").start().waitFor();
                        forks.incrementAndGet();
                    } catch (Exception e) {
                        failures.add("forker: " + e);
                    }
                }
            }, "forker-" + f));
        }
        for (int s = 0; s < SCRIPT_THREADS; s++) {
            Path folder = dir.resolve("agent-" + s);
            threads.add(new Thread(() -> {
                int index;
                while (!stop.get() && (index = started.incrementAndGet()) <= RUNS) {
                    try {
                        StepResult r = scripts.run(step, index % 100, folder, Map.of());
                        if (r.outcome() != StepResult.Outcome.SUCCEEDED) {
                            failures.add("run " + index + ": " + r.message());
                        }
                    } catch (Exception e) {
                        failures.add("run " + index + ": " + e);
                    }
                    if (!failures.isEmpty()) {
                        stop.set(true);
                    }
                }
            }, "agent-" + s));
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        for (Thread t : threads.subList(FORK_THREADS, threads.size())) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("script race: %d script runs, %d forks, %d failures in %d ms%n",
                Math.min(started.get(), RUNS), forks.get(), failures.size(), ms);
        assertThat(failures).as("script runs while other threads fork").isEmpty();
        assertThat(forks.get()).as("the other threads really forked meanwhile").isGreaterThan(100);
    }
}
