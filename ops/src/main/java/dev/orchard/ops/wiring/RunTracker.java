package dev.orchard.ops.wiring;

import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.metrics.OrchardMeters.FailureReason;
import dev.orchard.ops.metrics.OrchardMeters.RunAction;
import dev.orchard.ops.metrics.OrchardMeters.RunResult;
import dev.orchard.ops.metrics.OrchardMeters.StageResult;
import dev.orchard.ops.metrics.RunMetrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Follows each Mac's agent run from its stored events and turns it into run metrics: runs in progress
 * (from the first event of a run id until its {@code done} event), stage durations (a stage's
 * {@code started} to its {@code succeeded}/{@code failed}), restored bytes (growth of {@code bytesDone} in
 * {@code restore} events), and one failure per failed run (the first failed stage or workflow step). A run
 * with no event for {@link #ABANDON_AFTER} is counted as abandoned by {@link #sweep()}. MACs are keys in
 * memory only, never metric tags. Thread-safe; every method is short.
 */
public final class RunTracker {

    /** A run silent this long is abandoned (the Mac was switched off, lost the network, or hung). */
    public static final Duration ABANDON_AFTER = Duration.ofHours(2);
    private static final int MAX_PLANNED = 65_536;

    private final RunMetrics metrics;
    private final Clock clock;
    private final Map<String, Run> runs = new HashMap<>();
    private final Map<String, RunAction> planned = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunAction> eldest) {
            return size() > MAX_PLANNED;
        }
    };

    public RunTracker(RunMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    private static final class Run {
        final String runId;
        final RunAction action;
        final Map<Stage, Instant[]> started = new EnumMap<>(Stage.class);
        long restoredBytes;
        boolean failed;
        Stage lastStage;
        Instant lastHeard;

        Run(String runId, RunAction action, Instant now) {
            this.runId = runId;
            this.action = action;
            this.lastHeard = now;
        }
    }

    /** A plan was answered for {@code mac}; its action names the Mac's next run. */
    public synchronized void planServed(String mac, RunAction action) {
        planned.put(mac, action);
        metrics.planServed(action);
    }

    /** An event was stored in the journal (never called for a retried duplicate). */
    public synchronized void eventStored(MachineEvent e) {
        Instant now = clock.instant();
        Run run = runs.get(e.mac());
        if (run != null && !Objects.equals(run.runId, e.runId())) {
            finish(e.mac(), run, RunResult.ABANDONED); // a new run replaced one that never said done
            run = null;
        }
        if (run == null) {
            run = new Run(e.runId(), planned.getOrDefault(e.mac(), RunAction.UNKNOWN), now);
            runs.put(e.mac(), run);
            metrics.runStarted(run.action);
        }
        run.lastHeard = now;
        run.lastStage = e.stage();
        metrics.eventStored(e.stage(), e.result());
        if (e.step() == null) {
            timeStage(run, e, now);
        }
        if (e.stage() == Stage.RESTORE && e.bytesDone() != null && e.bytesDone() > run.restoredBytes) {
            metrics.restored(e.bytesDone() - run.restoredBytes);
            run.restoredBytes = e.bytesDone();
        }
        if (e.result() == EventResult.FAILED && !run.failed) {
            run.failed = true;
            metrics.failed(e.stage(), e.step() != null ? FailureReason.STEP : FailureReason.REPORTED);
        }
        if (e.stage() == Stage.DONE && e.result() != EventResult.STARTED && e.result() != EventResult.PROGRESS) {
            finish(e.mac(), run, run.failed ? RunResult.FAILED : RunResult.SUCCEEDED);
        }
    }

    private void timeStage(Run run, MachineEvent e, Instant now) {
        if (e.result() == EventResult.STARTED) {
            run.started.put(e.stage(), new Instant[] {e.at(), now});
        } else if (e.result() == EventResult.SUCCEEDED || e.result() == EventResult.FAILED) {
            Instant[] start = run.started.remove(e.stage());
            if (start != null) {
                // the agent's own clock when both events carry it (delivery may be delayed), else ours
                Duration took = start[0] != null && e.at() != null ? Duration.between(start[0], e.at())
                        : Duration.between(start[1], now);
                metrics.stageTimed(e.stage(), e.result() == EventResult.SUCCEEDED ? StageResult.SUCCEEDED
                        : StageResult.FAILED, took.isNegative() ? Duration.ZERO : took);
            }
        }
    }

    private void finish(String mac, Run run, RunResult result) {
        if (result == RunResult.ABANDONED && !run.failed) {
            metrics.failed(run.lastStage == null ? Stage.PLAN : run.lastStage, FailureReason.ABANDONED);
        }
        metrics.runFinished(run.action, result);
        runs.remove(mac, run);
    }

    /** Counts runs silent for {@link #ABANDON_AFTER} as abandoned; call periodically. */
    public synchronized int sweep() {
        Instant limit = clock.instant().minus(ABANDON_AFTER);
        int n = 0;
        for (Iterator<Map.Entry<String, Run>> it = runs.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Run> entry = it.next();
            Run run = entry.getValue();
            if (run.lastHeard.isBefore(limit)) {
                it.remove();
                finish(entry.getKey(), run, RunResult.ABANDONED);
                n++;
            }
        }
        return n;
    }

    /** At start: runs the journal shows unfinished and recent are in progress again. */
    public synchronized void resume(List<MachineStatus> machines) {
        Instant limit = clock.instant().minus(ABANDON_AFTER);
        for (MachineStatus m : machines) {
            if (m.stage() == null || m.stage() == Stage.DONE || m.lastSeen() == null || m.lastSeen().isBefore(limit)
                    || runs.containsKey(m.mac())) {
                continue;
            }
            Run run = new Run(m.runId(), action(m.action()), m.lastSeen());
            run.lastStage = m.stage();
            MachineEvent restore = m.lastByStage().get(Stage.RESTORE);
            run.restoredBytes = restore == null || restore.bytesDone() == null ? 0 : restore.bytesDone();
            run.failed = m.result() == EventResult.FAILED;
            runs.put(m.mac(), run);
            metrics.runStarted(run.action);
        }
    }

    /** Runs in progress now. */
    public synchronized int active() {
        return runs.size();
    }

    private static RunAction action(String text) {
        if (text == null) {
            return RunAction.UNKNOWN;
        }
        try {
            return RunAction.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return RunAction.UNKNOWN;
        }
    }
}
