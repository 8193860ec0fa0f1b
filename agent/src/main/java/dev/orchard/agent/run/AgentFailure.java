package dev.orchard.agent.run;

/** Ends a run: the exit status to use and a message for the failed event and the summary line. */
public class AgentFailure extends Exception {

    private final ExitStatus status;

    public AgentFailure(ExitStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public AgentFailure(ExitStatus status, String message) {
        this(status, message, null);
    }

    public ExitStatus status() {
        return status;
    }
}
