package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.spi.OpsMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability across {@code kill -9}: a child JVM appends a burst of events and prints each
 * acknowledgement; it is killed with SIGKILL mid-burst (twice, the second time on top of the
 * recovered journal); after each restart every acknowledged event is in the journal.
 */
class JournalKillIT {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesKillNine() throws Exception {
        Map<String, Set<String>> acked = new HashMap<>();
        for (int round = 1; round <= 2; round++) {
            int acks = runAndKill(round * 3000, acked);
            assertThat(acks).as("round %d acknowledgements", round).isGreaterThanOrEqualTo(3000);
            try (Journal j = Journal.open(dir, JournalCrashChild.OPTIONS, OpsMetrics.NOOP, Clock.systemUTC())) {
                System.out.println("after kill " + round + ": " + j.recovery());
                for (Map.Entry<String, Set<String>> e : acked.entrySet()) {
                    Set<String> stored = new HashSet<>();
                    j.machine(MacAddress.parse(e.getKey())).orElseThrow().history().forEach(r -> {
                        if (r instanceof MachineEvent ev) {
                            stored.add(ev.runId() + "#" + ev.seq());
                        }
                    });
                    assertThat(stored).as("events of %s after round %d", e.getKey(), round).containsAll(e.getValue());
                }
            }
        }
    }

    /** Starts the child, reads acknowledgements until {@code total} in all, kills it; returns this round's count. */
    private int runAndKill(int total, Map<String, Set<String>> acked) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), JournalCrashChild.class.getName(),
                dir.toString(), "run-" + total);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        int count = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int already = acked.values().stream().mapToInt(Set::size).sum();
            String line;
            while ((line = in.readLine()) != null && System.nanoTime() < deadline) {
                String[] f = line.split(" ");
                if (f[0].equals("ready")) {
                    // the restarted child replayed at least everything acknowledged before
                    assertThat(Long.parseLong(f[1])).isGreaterThanOrEqualTo(already);
                    System.out.println("child started: replayed " + f[1] + " records, cut " + f[2] + " torn bytes");
                } else if (f[0].equals("ack") && f.length == 3) {
                    acked.computeIfAbsent(f[1], k -> new HashSet<>()).add("run-" + total + "#" + f[2]);
                    count++;
                    if (already + count >= total) {
                        break;
                    }
                }
            }
            // SIGKILL while the appenders are still writing
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        return count;
    }
}
