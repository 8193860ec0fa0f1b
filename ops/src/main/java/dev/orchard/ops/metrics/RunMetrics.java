package dev.orchard.ops.metrics;

import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.metrics.OrchardMeters.FailureReason;
import dev.orchard.ops.metrics.OrchardMeters.RunAction;
import dev.orchard.ops.metrics.OrchardMeters.RunResult;
import dev.orchard.ops.metrics.OrchardMeters.StageResult;

import java.time.Duration;

/**
 * What the server learns about agent runs, in domain verbs (plans, events, stages, failures), with no
 * Micrometer types. {@link MicrometerRunMetrics} is the production implementation, {@link #NOOP} the default.
 */
public interface RunMetrics {

    /** A plan was answered (action {@code none} for the 404 "no policy applies"). */
    void planServed(RunAction action);

    /** An agent event was stored (not a retry). */
    void eventStored(Stage stage, EventResult result);

    /** A run began (its first event); it counts as in progress until {@link #runFinished}. */
    void runStarted(RunAction action);

    void runFinished(RunAction action, RunResult result);

    /** Image bytes newly reported restored and verified. */
    void restored(long bytes);

    /** A stage went from started to succeeded/failed in {@code took}. */
    void stageTimed(Stage stage, StageResult result, Duration took);

    /** A run failed in {@code stage}. */
    void failed(Stage stage, FailureReason reason);

    RunMetrics NOOP = new RunMetrics() {
        @Override
        public void planServed(RunAction action) {
        }

        @Override
        public void eventStored(Stage stage, EventResult result) {
        }

        @Override
        public void runStarted(RunAction action) {
        }

        @Override
        public void runFinished(RunAction action, RunResult result) {
        }

        @Override
        public void restored(long bytes) {
        }

        @Override
        public void stageTimed(Stage stage, StageResult result, Duration took) {
        }

        @Override
        public void failed(Stage stage, FailureReason reason) {
        }
    };
}
