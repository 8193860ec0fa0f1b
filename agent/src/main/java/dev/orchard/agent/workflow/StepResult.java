package dev.orchard.agent.workflow;

/**
 * How a step ended: succeeded, failed (the workflow stops) or skipped (with why). The message goes into
 * the step's event (script output is its tail).
 */
public record StepResult(Outcome outcome, String message) {

    /** The three ends of a step. */
    public enum Outcome { SUCCEEDED, FAILED, SKIPPED }

    public static StepResult succeeded(String message) {
        return new StepResult(Outcome.SUCCEEDED, message);
    }

    public static StepResult failed(String message) {
        return new StepResult(Outcome.FAILED, message);
    }

    public static StepResult skipped(String message) {
        return new StepResult(Outcome.SKIPPED, message);
    }
}
