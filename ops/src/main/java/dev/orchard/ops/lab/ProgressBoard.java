package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running lab, fed by every Mac's thread: per stage how many Macs must go through it,
 * are in it, and are done with it; Macs finished and failed; bytes received. A display reads a
 * consistent-enough {@link Snapshot} of it at its own pace.
 */
public final class ProgressBoard implements LabListener {

    /** One stage's counters as shown. */
    public record Row(Stage stage, int needed, int running, int done, int failed) {
    }

    /** What a display draws. */
    public record Snapshot(long elapsedNanos, List<Row> rows, int macs, int finished, int failed, long bytes) {
    }

    private final long startedAt = System.nanoTime();
    private final int macs;
    private final Map<Stage, Integer> needed = new EnumMap<>(Stage.class);
    private final Map<Stage, AtomicInteger> running = new EnumMap<>(Stage.class);
    private final Map<Stage, AtomicInteger> done = new EnumMap<>(Stage.class);
    private final Map<Stage, AtomicInteger> failed = new EnumMap<>(Stage.class);
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger failedMacs = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final ConcurrentLinkedQueue<MacResult> newFailures = new ConcurrentLinkedQueue<>();

    /** Sizes each stage's bar from what the Macs are expected to go through. */
    public ProgressBoard(List<Expectation> expectations) {
        this(expectations, false);
    }

    /** {@code modernMacs}: the lab simulates the MDM path of {@code erase} Macs ({@link LabRun#simulatesModernMacs}). */
    public ProgressBoard(List<Expectation> expectations, boolean modernMacs) {
        this.macs = expectations.size();
        for (Stage s : Stage.values()) {
            needed.put(s, 0);
            running.put(s, new AtomicInteger());
            done.put(s, new AtomicInteger());
            failed.put(s, new AtomicInteger());
        }
        for (Expectation e : expectations) {
            if (e.action() == dev.orchard.ops.config.Action.ERASE && modernMacs) {
                // a modern Mac: no firmware part; the MDM's erase, then (unless it never comes back) the agent
                needed.merge(Stage.ERASE, 1, Integer::sum);
                needed.merge(Stage.CHECK, 1, Integer::sum);
                if (e.mdmFault() != MdmFault.NEVER_BACK) {
                    needed.merge(Stage.PLAN, 1, Integer::sum);
                    needed.merge(Stage.THIN, 1, Integer::sum);
                }
                continue;
            }
            needed.merge(Stage.BSDP, 1, Integer::sum);
            if (e.netboots()) {
                needed.merge(Stage.TFTP, 1, Integer::sum);
                needed.merge(Stage.HTTP_ROOT, 1, Integer::sum);
            }
            if (e.netboots() || !e.action().netboots()) {
                needed.merge(Stage.PLAN, 1, Integer::sum);
                needed.merge(Stage.CHECK, 1, Integer::sum);
                Stage action = Stage.forAction(e.action());
                if (action != null) {
                    needed.merge(action, 1, Integer::sum);
                }
            }
        }
    }

    @Override
    public void stageStarted(LabMachine mac, Stage stage) {
        running.get(stage).incrementAndGet();
    }

    @Override
    public void stageFinished(LabMachine mac, Stage stage, boolean ok) {
        running.get(stage).decrementAndGet();
        (ok ? done : failed).get(stage).incrementAndGet();
    }

    @Override
    public void bytesReceived(long n) {
        bytes.addAndGet(n);
    }

    @Override
    public void macFinished(MacResult result) {
        finished.incrementAndGet();
        if (!result.ok()) {
            failedMacs.incrementAndGet();
            newFailures.add(result);
        }
    }

    /** Failures not yet taken (a display prints each once). */
    public MacResult pollFailure() {
        return newFailures.poll();
    }

    public Snapshot snapshot() {
        List<Row> rows = java.util.Arrays.stream(Stage.values()).filter(s -> needed.get(s) > 0)
                .map(s -> new Row(s, needed.get(s), running.get(s).get(), done.get(s).get(), failed.get(s).get()))
                .toList();
        return new Snapshot(System.nanoTime() - startedAt, rows, macs, finished.get(), failedMacs.get(), bytes.get());
    }
}
