package dev.orchard.agent;

import dev.orchard.agent.api.Stage;
import dev.orchard.agent.run.ExitStatus;

import java.time.Duration;

/**
 * How a run ended, for the CLI (exit code and summary line) and for in-process callers (the lab).
 *
 * @param action        the plan's action, or null when no plan was obtained
 * @param stage         the stage that failed, or {@link Stage#DONE} on success (null: before the plan)
 * @param bytesFetched  image/payload bytes received during the restore
 * @param bytesReused   bytes found intact on the target and not fetched
 * @param eventsPending events not delivered when the agent gave up waiting (or lost)
 * @param summary       the one-line summary printed last by the CLI
 */
public record AgentResult(ExitStatus status, String action, Stage stage, String message, long bytesFetched,
                          long bytesReused, Duration elapsed, long eventsDelivered, long eventsPending, String summary) {

    public boolean ok() {
        return status == ExitStatus.OK;
    }
}
