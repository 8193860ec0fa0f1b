package dev.orchard.agent.backend;

/** How a stage ended when it did not fail: done (with a message for the event) or skipped (with why). */
public record StageOutcome(boolean skipped, String message) {

    public static StageOutcome done(String message) {
        return new StageOutcome(false, message);
    }

    public static StageOutcome skipped(String why) {
        return new StageOutcome(true, why);
    }
}
