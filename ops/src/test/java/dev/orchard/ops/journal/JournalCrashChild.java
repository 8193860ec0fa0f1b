package dev.orchard.ops.journal;

import dev.orchard.ops.spi.OpsMetrics;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * The process {@link JournalKillIT} kills: appends events for many machines from several threads,
 * as fast as the journal acknowledges them, and prints {@code ack <mac> <seq>} for each
 * acknowledgement, only after its future completed (i.e. after the fsync). Runs until killed.
 */
public final class JournalCrashChild {

    static final JournalOptions OPTIONS = new JournalOptions(64 * 1024, 3, 100_000, 100_000, 256);

    private JournalCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String runId = args[1];
        int threads = 4;
        int machinesPerThread = 5;
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        Journal journal = Journal.open(dir, OPTIONS, OpsMetrics.NOOP, Clock.systemUTC());
        out.println("ready " + journal.recovery().records() + " " + journal.recovery().discardedBytes());
        Semaphore inFlight = new Semaphore(64);
        for (int t = 0; t < threads; t++) {
            int base = t * machinesPerThread;
            Thread worker = new Thread(() -> {
                for (long seq = 1; ; seq++) {
                    for (int m = base; m < base + machinesPerThread; m++) {
                        String mac = Events.mac(m);
                        long s = seq;
                        inFlight.acquireUninterruptibly();
                        journal.append(Events.progress(mac, runId, s, s, 1_000_000)).whenComplete((a, e) -> {
                            inFlight.release();
                            if (e == null) {
                                out.println("ack " + mac + " " + s);
                            }
                        });
                    }
                }
            }, "appender-" + t);
            worker.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
