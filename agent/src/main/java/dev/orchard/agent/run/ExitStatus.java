package dev.orchard.agent.run;

/**
 * The agent's exit codes, stable for NBI startup scripts (documented in {@code docs/agent.md}).
 */
public enum ExitStatus {
    /** Everything the plan asked for is done (or the plan said {@code none}). */
    OK(0, "ok"),
    /** A bug or an unexpected condition; the message says what. */
    INTERNAL(1, "internal-error"),
    /** Bad command line or missing identity. */
    USAGE(2, "usage"),
    /** The server answered that no policy applies to this machine (404). */
    NO_PLAN(3, "no-plan"),
    /** The server could not be reached, or refused the plan request, after the retries. */
    SERVER_UNREACHABLE(4, "server-unreachable"),
    /** The plan (or a manifest) is malformed or asks for something this agent cannot do. */
    PLAN_INVALID(5, "plan-invalid"),
    /** The target disk or file: cannot open, too small, I/O error. */
    TARGET(6, "target-error"),
    /** The image or a payload could not be fetched (retries exhausted, 404…). */
    TRANSFER(7, "transfer-failed"),
    /** Bytes were wrong twice, the whole-image digest differs, or the image changed on the server. */
    VERIFY(8, "verify-failed"),
    /** A system command of the backend failed (diskutil, asr, bless, startosinstall…). */
    SYSTEM_COMMAND(9, "system-command-failed"),
    /** A workflow step failed; the workflow stopped there. */
    WORKFLOW(10, "workflow-failed"),
    /** The agent was interrupted (in-process use) before it finished. */
    INTERRUPTED(11, "interrupted"),
    /**
     * The server would not give this run its plan (403/409): no netboot of this Mac from this address
     * recently, a bad enrollment code, or another agent already claimed this boot (docs/agent-api.md).
     */
    NOT_ADMITTED(12, "not-admitted");

    private final int code;
    private final String label;

    ExitStatus(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** The word used in the summary line ({@code result=ok} / {@code reason=verify-failed}). */
    public String label() {
        return label;
    }
}
