import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.spi.OpsMetrics;
import dev.orchard.ops.spi.ReloadOutcome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group-commit throughput of the status journal: N appender threads, each waiting for its
 * acknowledgement (durable after fsync) before sending the next event, as agents do.
 * Run by journal-bench.sh; prints one line per appender count.
 */
public class JournalBench {
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        Path base = Files.createTempDirectory(Path.of(args.length > 1 ? args[1] : "/tmp"), "journal-bench");
        for (int appenders : new int[] {1, 8, 64}) {
            AtomicLong commits = new AtomicLong();
            AtomicLong fsyncNanos = new AtomicLong();
            OpsMetrics metrics = new OpsMetrics() {
                public void configReloaded(ReloadOutcome o) { }
                public void journalCommitted(int n, long ns) { commits.incrementAndGet(); fsyncNanos.addAndGet(ns); }
                public void journalDuplicate() { }
                public void journalTailDiscarded(long b) { }
                public void journalCompacted() { }
            };
            Path dir = base.resolve("a" + appenders);
            long[][] latencies = new long[appenders][];
            long total;
            try (Journal j = Journal.open(dir, JournalOptions.DEFAULTS, metrics, Clock.systemUTC())) {
                long deadline = System.nanoTime() + seconds * 1_000_000_000L;
                CountDownLatch done = new CountDownLatch(appenders);
                AtomicLong count = new AtomicLong();
                for (int t = 0; t < appenders; t++) {
                    int id = t;
                    new Thread(() -> {
                        long[] lat = new long[1 << 20];
                        int n = 0;
                        String mac = String.format("00:1b:63:00:%02x:%02x", id >> 8, id & 0xFF);
                        for (long seq = 1; System.nanoTime() < deadline && n < lat.length; seq++) {
                            long t0 = System.nanoTime();
                            j.append(new MachineEvent(mac, "bench", seq, Stage.RESTORE, null, EventResult.PROGRESS,
                                    seq * 4_194_304L, 68_719_476_736L, "chunk " + seq + " verified", Instant.now(),
                                    null)).join();
                            lat[n++] = System.nanoTime() - t0;
                        }
                        latencies[id] = Arrays.copyOf(lat, n);
                        count.addAndGet(n);
                        done.countDown();
                    }).start();
                }
                done.await();
                total = count.get();
            }
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf("journal appenders=%d events_per_s=%.0f records_per_fsync=%.1f mean_fsync_ms=%.2f"
                            + " ack_p50_ms=%.2f ack_p99_ms=%.2f%n", appenders, total / (double) seconds,
                    total / (double) Math.max(1, commits.get()), fsyncNanos.get() / 1e6 / Math.max(1, commits.get()),
                    all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
        }
    }
}
