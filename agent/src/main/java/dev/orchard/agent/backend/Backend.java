package dev.orchard.agent.backend;

import dev.orchard.agent.api.Plan;
import dev.orchard.agent.api.Stage;
import dev.orchard.agent.run.AgentFailure;
import dev.orchard.agent.workflow.StepHost;

/**
 * One system the agent can drive. The run ({@code AgentRun}) calls the stages in the contract's order
 * and reports their start and end; a backend reports progress within a stage and throws
 * {@link AgentFailure} with the exit status and a message naming what failed.
 */
public interface Backend {

    /**
     * Why {@code stage} has nothing to do for this plan on this backend (reported as {@code skipped}
     * without calling the stage), or null when the stage runs.
     */
    default String skipReason(Stage stage, Plan plan) {
        return null;
    }

    /** Erase and partition before a restore or install. */
    StageOutcome erase(Plan plan) throws AgentFailure, InterruptedException;

    /**
     * Puts the plan's image on the disk. Unlike the other stages it reports its own events: {@code restore}
     * started, progress and succeeded, then {@code verify} started and succeeded (the run reports failures).
     */
    StageOutcome restore(Plan plan) throws AgentFailure, InterruptedException;

    /** Installs the plan's OS; when the workflow is handed off, the hand-off travels with the install. */
    StageOutcome install(Plan plan) throws AgentFailure, InterruptedException;

    /** True when the workflow runs now; false when it is handed to the installed system's first boot. */
    boolean workflowRunsHere();

    /** Arranges for the workflow to run at first boot (only when {@link #workflowRunsHere()} is false). */
    StageOutcome handOff(Plan plan) throws AgentFailure, InterruptedException;

    /** Where workflow steps are carried out. */
    StepHost steps();

    /** Makes the restored or installed system the startup disk. */
    StageOutcome bless(Plan plan) throws AgentFailure, InterruptedException;

    /** Restarts the machine (called last, after the final events were delivered); skipped: returns why. */
    StageOutcome reboot() throws AgentFailure, InterruptedException;
}
