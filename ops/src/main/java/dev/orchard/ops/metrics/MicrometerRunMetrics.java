package dev.orchard.ops.metrics;

import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.metrics.OrchardMeters.FailureReason;
import dev.orchard.ops.metrics.OrchardMeters.RunAction;
import dev.orchard.ops.metrics.OrchardMeters.RunResult;
import dev.orchard.ops.metrics.OrchardMeters.StageResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.orchard.ops.metrics.OrchardMeters.tagValue;

/**
 * {@link RunMetrics} on Micrometer. Stage durations keep a histogram from 1 s to 8 h so dashboards can
 * show p50/p99 with {@code histogram_quantile}; every series is registered in the constructor.
 */
public final class MicrometerRunMetrics implements RunMetrics {

    /** Histogram bounds of stage durations: a second (plan, bless) to hours (a big restore, an OS install). */
    static final List<Duration> STAGE_BUCKETS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8));

    private final Map<RunAction, Counter> plans = new EnumMap<>(RunAction.class);
    private final Map<Stage, Map<EventResult, Counter>> events = new EnumMap<>(Stage.class);
    private final Map<RunAction, AtomicLong> active = new EnumMap<>(RunAction.class);
    private final Map<RunAction, Map<RunResult, Counter>> finished = new EnumMap<>(RunAction.class);
    private final Counter restored;
    private final Map<Stage, Map<StageResult, Timer>> stages = new EnumMap<>(Stage.class);
    private final Map<Stage, Map<FailureReason, Counter>> failures = new EnumMap<>(Stage.class);

    public MicrometerRunMetrics(MeterRegistry registry) {
        for (RunAction a : RunAction.planned()) {
            plans.put(a, OrchardMeters.PLANS.counter(registry, "action", tagValue(a)));
        }
        for (RunAction a : RunAction.values()) {
            AtomicLong n = new AtomicLong();
            active.put(a, n);
            OrchardMeters.RUNS_ACTIVE.gauge(registry, n, AtomicLong::get, "action", tagValue(a));
            Map<RunResult, Counter> byResult = new EnumMap<>(RunResult.class);
            for (RunResult r : RunResult.values()) {
                byResult.put(r, OrchardMeters.RUNS_FINISHED.counter(registry, "action", tagValue(a), "result", tagValue(r)));
            }
            finished.put(a, byResult);
        }
        restored = OrchardMeters.RESTORE_BYTES.counter(registry);
        for (Stage s : Stage.values()) {
            Map<EventResult, Counter> byResult = new EnumMap<>(EventResult.class);
            for (EventResult r : EventResult.values()) {
                byResult.put(r, OrchardMeters.EVENTS.counter(registry, "stage", tagValue(s), "result", tagValue(r)));
            }
            events.put(s, byResult);
            Map<StageResult, Timer> timers = new EnumMap<>(StageResult.class);
            for (StageResult r : StageResult.values()) {
                timers.put(r, OrchardMeters.STAGE_DURATION.timer(registry, STAGE_BUCKETS, "stage", tagValue(s),
                        "result", tagValue(r)));
            }
            stages.put(s, timers);
            Map<FailureReason, Counter> reasons = new EnumMap<>(FailureReason.class);
            for (FailureReason r : FailureReason.values()) {
                reasons.put(r, OrchardMeters.FAILURES.counter(registry, "stage", tagValue(s), "reason", tagValue(r)));
            }
            failures.put(s, reasons);
        }
    }

    @Override
    public void planServed(RunAction action) {
        Guard.run(() -> plans.get(action).increment());
    }

    @Override
    public void eventStored(Stage stage, EventResult result) {
        Guard.run(() -> events.get(stage).get(result).increment());
    }

    @Override
    public void runStarted(RunAction action) {
        Guard.run(() -> active.get(action).incrementAndGet());
    }

    @Override
    public void runFinished(RunAction action, RunResult result) {
        Guard.run(() -> {
            active.get(action).updateAndGet(n -> Math.max(0, n - 1));
            finished.get(action).get(result).increment();
        });
    }

    @Override
    public void restored(long bytes) {
        Guard.run(() -> restored.increment(bytes));
    }

    @Override
    public void stageTimed(Stage stage, StageResult result, Duration took) {
        Guard.run(() -> stages.get(stage).get(result).record(took));
    }

    @Override
    public void failed(Stage stage, FailureReason reason) {
        Guard.run(() -> failures.get(stage).get(reason).increment());
    }
}
