package dev.orchard.ops.lab;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * One Mac's stopwatch: one stage at a time, each stage's duration kept, the listener told. Thread-safe,
 * because the agent's console lines (which end the plan stage) arrive on the agent's threads.
 */
final class StageClock {

    private final LabMachine mac;
    private final LabListener listener;
    private final Map<Stage, Duration> durations = new EnumMap<>(Stage.class);
    private Stage current;
    private long startedAt;

    StageClock(LabMachine mac, LabListener listener) {
        this.mac = mac;
        this.listener = listener;
    }

    /** Ends the running stage successfully (if any) and starts {@code stage}. */
    synchronized void begin(Stage stage) {
        end(true);
        current = stage;
        startedAt = System.nanoTime();
        listener.stageStarted(mac, stage);
    }

    /** Ends the running stage; returns it, or null when none was running. */
    synchronized Stage end(boolean ok) {
        Stage stage = current;
        if (stage != null) {
            durations.put(stage, Duration.ofNanos(System.nanoTime() - startedAt));
            current = null;
            listener.stageFinished(mac, stage, ok);
        }
        return stage;
    }

    synchronized Stage current() {
        return current;
    }

    synchronized Map<Stage, Duration> durations() {
        return new EnumMap<>(durations);
    }
}
