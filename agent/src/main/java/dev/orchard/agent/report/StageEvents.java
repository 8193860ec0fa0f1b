package dev.orchard.agent.report;

import dev.orchard.agent.api.EventResult;
import dev.orchard.agent.api.Stage;

import java.time.Duration;

/**
 * Reports stage events through the reporter; progress events are thinned to one per interval per stage
 * (a 100 GiB image would otherwise make tens of thousands).
 */
public final class StageEvents {

    private final EventReporter reporter;
    private final long progressNanos;
    private Stage lastProgressStage;
    private long lastProgressAt;

    public StageEvents(EventReporter reporter, Duration progressEvery) {
        this.reporter = reporter;
        this.progressNanos = progressEvery.toNanos();
    }

    public void started(Stage stage, String message) {
        reporter.report(stage, null, EventResult.STARTED, null, null, message);
    }

    public void succeeded(Stage stage, String message) {
        reporter.report(stage, null, EventResult.SUCCEEDED, null, null, message);
    }

    public void succeeded(Stage stage, long bytesDone, long bytesTotal, String message) {
        reporter.report(stage, null, EventResult.SUCCEEDED, bytesDone, bytesTotal, message);
    }

    public void failed(Stage stage, String message) {
        reporter.report(stage, null, EventResult.FAILED, null, null, message);
    }

    public void skipped(Stage stage, String message) {
        reporter.report(stage, null, EventResult.SKIPPED, null, null, message);
    }

    /**
     * A progress event, unless one for the same stage went out less than an interval ago; the one that
     * completes the stage ({@code done == total}) always goes out.
     */
    public synchronized void progress(Stage stage, long bytesDone, long bytesTotal, String message) {
        long now = System.nanoTime();
        if (stage == lastProgressStage && now - lastProgressAt < progressNanos && bytesDone != bytesTotal) {
            return;
        }
        lastProgressStage = stage;
        lastProgressAt = now;
        reporter.report(stage, null, EventResult.PROGRESS, bytesDone, bytesTotal, message);
    }

    /** A progress event that always goes out (a retry, a refetch: rare and worth seeing). */
    public void notice(Stage stage, Long bytesDone, Long bytesTotal, String message) {
        reporter.report(stage, null, EventResult.PROGRESS, bytesDone, bytesTotal, message);
    }

    /** An event about one workflow step ({@code step} = {@code type:name}). */
    public void step(String step, EventResult result, String message) {
        reporter.report(Stage.WORKFLOW, step, result, null, null, message);
    }
}
