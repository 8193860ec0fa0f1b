package dev.orchard.ops.wiring;

import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.metrics.OrchardMetrics;
import dev.orchard.ops.metrics.OrchardMeters.RunAction;
import org.junit.jupiter.api.Test;

import dev.orchard.testkit.MutableClock;

import java.time.Duration;
import java.time.Instant;

import static dev.orchard.ops.wiring.ServeFixture.sample;
import static org.assertj.core.api.Assertions.assertThat;

class RunTrackerTest {

    private static final String MAC = "00:1b:63:84:45:e6";
    private final OrchardMetrics metrics = new OrchardMetrics();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T18:00:00Z"));
    private final RunTracker runs = new RunTracker(metrics.runs(), clock);
    private final Instant t0 = Instant.parse("2026-11-25T18:00:00Z");

    private void event(String run, long seq, Stage stage, String step, EventResult result, Long done, int atSeconds) {
        runs.eventStored(new MachineEvent(MAC, run, seq, stage, step, result, done, done == null ? null : 100L, null,
                t0.plusSeconds(atSeconds), null));
    }

    @Test
    void aSuccessfulRestoreIsTimedCountedAndEnds() {
        runs.planServed(MAC, RunAction.RESTORE);
        event("r1", 0, Stage.PLAN, null, EventResult.SUCCEEDED, null, 0);
        assertThat(runs.active()).isEqualTo(1);
        event("r1", 1, Stage.RESTORE, null, EventResult.STARTED, null, 1);
        event("r1", 2, Stage.RESTORE, null, EventResult.PROGRESS, 40L, 20);
        event("r1", 3, Stage.RESTORE, null, EventResult.PROGRESS, 30L, 25); // a resume reports less: no negative bytes
        event("r1", 4, Stage.RESTORE, null, EventResult.SUCCEEDED, 100L, 61);
        assertThat(sample(metrics.scrape(), "orchard_restores_active{action=\"restore\"}")).isEqualTo(1);
        event("r1", 5, Stage.DONE, null, EventResult.SUCCEEDED, null, 62);
        String s = metrics.scrape();
        assertThat(runs.active()).isZero();
        assertThat(sample(s, "orchard_restore_bytes_total")).isEqualTo(100);
        assertThat(sample(s, "orchard_stage_duration_seconds_sum{result=\"succeeded\",stage=\"restore\"}")).isEqualTo(60);
        assertThat(sample(s, "orchard_runs_finished_total{action=\"restore\",result=\"succeeded\"}")).isEqualTo(1);
        assertThat(sample(s, "orchard_restores_active{action=\"restore\"}")).isZero();
    }

    @Test
    void aFailedStepCountsOneFailureForTheRun() {
        runs.planServed(MAC, RunAction.THIN);
        event("r1", 0, Stage.WORKFLOW, null, EventResult.STARTED, null, 0);
        event("r1", 1, Stage.WORKFLOW, "script:hello", EventResult.FAILED, null, 5);
        event("r1", 2, Stage.WORKFLOW, null, EventResult.FAILED, null, 6);
        event("r1", 3, Stage.DONE, null, EventResult.FAILED, null, 7);
        String s = metrics.scrape();
        assertThat(sample(s, "orchard_failures_total{reason=\"step\",stage=\"workflow\"}")).isEqualTo(1);
        assertThat(sample(s, "orchard_failures_total{reason=\"reported\",stage=\"workflow\"}")).isZero();
        assertThat(sample(s, "orchard_failures_total{reason=\"reported\",stage=\"done\"}")).isZero();
        assertThat(sample(s, "orchard_stage_duration_seconds_count{result=\"failed\",stage=\"workflow\"}")).isEqualTo(1);
        assertThat(sample(s, "orchard_runs_finished_total{action=\"thin\",result=\"failed\"}")).isEqualTo(1);
    }

    @Test
    void silentRunsAreAbandonedAndANewRunReplacesAnUnfinishedOne() {
        event("r1", 0, Stage.RESTORE, null, EventResult.STARTED, null, 0);
        event("r2", 0, Stage.PLAN, null, EventResult.SUCCEEDED, null, 1); // the agent restarted
        assertThat(runs.active()).isEqualTo(1);
        clock.advance(RunTracker.ABANDON_AFTER.plus(Duration.ofMinutes(1)));
        assertThat(runs.sweep()).isEqualTo(1);
        String s = metrics.scrape();
        assertThat(sample(s, "orchard_runs_finished_total{action=\"unknown\",result=\"abandoned\"}")).isEqualTo(2);
        assertThat(sample(s, "orchard_failures_total{reason=\"abandoned\",stage=\"restore\"}")).isEqualTo(1);
        assertThat(sample(s, "orchard_failures_total{reason=\"abandoned\",stage=\"plan\"}")).isEqualTo(1);
        assertThat(runs.active()).isZero();
    }

}
