package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.PowerCutDisk.Faults;
import dev.orchard.ops.spi.OpsMetrics;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Power cuts, which {@code kill -9} cannot show (the page cache survives a killed process): the journal runs
 * on a {@link PowerCutDisk} that keeps, after the cut, only what was made durable by a successful
 * {@code force} and a folder sync (the rest lost, torn or zeroed). Appenders post events from three threads
 * as agents do (bursts, retries of failed posts, now and then a retry of an acknowledged one), with or
 * without injected write, fsync and folder-sync failures; the power is cut at a random disk operation
 * (during recovery, a commit, a segment rotation or a compaction) or right after a random acknowledgement.
 * Then the real recovery runs on what survived. Three cuts in a row per seed, then a last recovery on the
 * real disk: every event the journal acknowledged (the completion the HTTP 202 waits for) is there, intact.
 */
class JournalPowerCutProperties {

    /** Small segments and early compaction, so that cuts land in rotations and compactions; nothing evicted. */
    static final JournalOptions OPTIONS = new JournalOptions(4096, 2, 1_000_000, 1_000_000, 64);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T18:00:00Z"), ZoneOffset.UTC);
    private static final int GENERATIONS = 3;
    /**
     * Every step the journal takes on disk (commits, rotation, compaction and its hand-over, recovery), each
     * with how many of it a generation roughly sees: the cut comes at a random one of those.
     */
    private static final Map<String, Integer> CUT_POINTS = Map.ofEntries(Map.entry("write of a segment", 80),
            Map.entry("force of a segment", 80), Map.entry("write of a compaction file", 80),
            Map.entry("sync of a folder", 8), Map.entry("open of a segment", 8), Map.entry("delete of a segment", 8),
            Map.entry("force of a compaction file", 2), Map.entry("rename of a compaction file", 2),
            Map.entry("rename of a segment", 2), Map.entry("delete of a compaction file", 2),
            Map.entry("truncate of a segment", 1), Map.entry("mkdir of a folder", 2));
    private static final List<String> CUT_KINDS = CUT_POINTS.keySet().stream().sorted().toList();
    private static final int APPENDERS = 3;
    private static final int EVENTS_PER_APPENDER = 60;

    @Property(tries = 200)
    void everyAcknowledgedEventSurvivesPowerCuts(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        Path root = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir")), "powercut");
        try {
            Path folder = root.resolve("data").resolve("journal");
            Map<String, MachineEvent> acked = new ConcurrentHashMap<>();
            AtomicLong seq = new AtomicLong();
            for (int generation = 1; generation <= GENERATIONS; generation++) {
                Faults faults = random.nextBoolean() ? Faults.NONE : new Faults(0.02, 0.03, 0.1);
                PowerCutDisk disk = new PowerCutDisk(root, random.nextLong(), faults);
                int cutAtAck = -1;
                if (random.nextBoolean()) {
                    String kind = CUT_KINDS.get(random.nextInt(CUT_KINDS.size()));
                    disk.cutAt(kind, 1 + random.nextInt(CUT_POINTS.get(kind)));
                } else {
                    cutAtAck = 1 + random.nextInt(APPENDERS * EVENTS_PER_APPENDER);
                }
                int before = acked.size();
                runUntilTheCut(folder, disk, generation, random.nextLong(), cutAtAck, acked, seq);
                Statistics.label("acknowledged per generation")
                        .collect(bucket(acked.size() - before));
                disk.cut("nothing (the test cut it at the end)");
                Statistics.label("power cut during").collect(disk.cutDuring());
                disk.powerOn();
            }
            try (Journal j = Journal.open(folder, OPTIONS, OpsMetrics.NOOP, CLOCK)) {
                assertAllThere(j, acked, "the last recovery, on the real disk");
            }
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void runUntilTheCut(Path folder, PowerCutDisk disk, int generation, long seed, int cutAtAck,
                                       Map<String, MachineEvent> acked, AtomicLong seq) throws Exception {
        Journal j;
        try {
            j = Journal.open(folder, OPTIONS, OpsMetrics.NOOP, CLOCK, disk);
        } catch (IOException e) {
            // the power went (or the disk failed) while it recovered: the next start tries again
            Statistics.label("start").collect(disk.isOff() ? "power cut during the start" : "a disk failure at the start");
            return;
        }
        Statistics.label("start").collect("started");
        try {
            assertAllThere(j, acked, "generation " + generation + " after recovery");
            AtomicInteger acks = new AtomicInteger();
            AtomicReference<Throwable> broken = new AtomicReference<>();
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < APPENDERS; t++) {
                Random random = new Random(seed + t);
                String runId = "g" + generation + "-t" + t;
                appenders.add(new Thread(() -> {
                    try {
                        append(j, disk, random, runId, cutAtAck, acks, acked, seq);
                    } catch (Throwable e) {
                        broken.set(e);
                    }
                }, "appender-" + t));
            }
            appenders.forEach(Thread::start);
            for (Thread t : appenders) {
                t.join(TimeUnit.MINUTES.toMillis(2));
                assertThat(t.isAlive()).as("%s finished (acknowledgements never stall)", t.getName()).isFalse();
            }
            assertThat(broken.get()).isNull();
        } finally {
            try {
                j.close();
            } catch (IOException powerOff) {
                // the final sync fails once the power is off
            }
        }
    }

    /** One agent-like appender: bursts of events, each failed one posted again, now and then a retry of an acknowledged one. */
    private static void append(Journal j, PowerCutDisk disk, Random random, String runId, int cutAtAck,
                               AtomicInteger acks, Map<String, MachineEvent> acked, AtomicLong seq) throws Exception {
        List<MachineEvent> retry = new ArrayList<>();
        List<MachineEvent> sent = new ArrayList<>();
        for (int n = 0; n < EVENTS_PER_APPENDER && !disk.isOff(); ) {
            List<MachineEvent> burst = new ArrayList<>(retry);
            retry.clear();
            int fresh = 1 + random.nextInt(6);
            for (int i = 0; i < fresh && n < EVENTS_PER_APPENDER; i++, n++) {
                burst.add(event(random, runId, seq.incrementAndGet()));
            }
            if (!sent.isEmpty() && random.nextInt(8) == 0) {
                burst.add(sent.get(random.nextInt(sent.size())));
            }
            List<CompletableFuture<Journal.Appended>> futures = new ArrayList<>();
            for (MachineEvent e : burst) {
                futures.add(j.append(e).whenComplete((a, failure) -> {
                    if (failure == null && acks.incrementAndGet() == cutAtAck) {
                        disk.cut("an acknowledgement"); // on the writer thread, right where it acknowledges
                    }
                }));
            }
            for (int i = 0; i < burst.size(); i++) {
                MachineEvent e = burst.get(i);
                try {
                    futures.get(i).get(1, TimeUnit.MINUTES);
                    acked.put(key(e), e.receivedAt(CLOCK.instant()));
                    sent.add(e);
                } catch (ExecutionException failed) {
                    retry.add(e);
                }
            }
        }
    }

    private static MachineEvent event(Random random, String runId, long seq) {
        String mac = Events.mac(random.nextInt(6));
        String message = "chunk " + seq + " " + "x".repeat(random.nextInt(400));
        return new MachineEvent(mac, runId, seq, Stage.RESTORE, null, EventResult.PROGRESS, seq * 4096, 1_000_000L,
                message, Instant.parse("2026-11-25T17:00:00Z").plusSeconds(seq), null);
    }

    private static void assertAllThere(Journal j, Map<String, MachineEvent> acked, String when) {
        for (MachineEvent e : acked.values()) {
            MachineStatus m = j.machine(MacAddress.parse(e.mac())).orElse(null);
            assertThat(m).as("%s: machine %s of acknowledged %s", when, e.mac(), key(e)).isNotNull();
            assertThat(m.history()).as("%s: acknowledged %s", when, key(e)).contains(e);
        }
    }

    private static String key(MachineEvent e) {
        return e.mac() + "/" + e.runId() + "#" + e.seq();
    }

    private static String bucket(int n) {
        return n == 0 ? "0" : n < 20 ? "1-19" : n < 100 ? "20-99" : "100+";
    }
}
