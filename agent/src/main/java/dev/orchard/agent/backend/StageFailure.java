package dev.orchard.agent.backend;

import dev.orchard.agent.api.Stage;
import dev.orchard.agent.run.AgentFailure;
import dev.orchard.agent.run.ExitStatus;

/** A failure that happened in a stage other than the one the run was in (verify inside restore). */
public class StageFailure extends AgentFailure {

    private final Stage stage;

    public StageFailure(Stage stage, ExitStatus status, String message, Throwable cause) {
        super(status, message, cause);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }
}
