package dev.orchard.ops.lab;

/** A simulated Mac did not get what it should have, at a stage, for a reason said in one sentence. */
public final class LabFailure extends Exception {

    private final Stage stage;

    public LabFailure(Stage stage, String reason) {
        super(reason);
        this.stage = stage;
    }

    public LabFailure(Stage stage, String reason, Throwable cause) {
        super(reason, cause);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }
}
