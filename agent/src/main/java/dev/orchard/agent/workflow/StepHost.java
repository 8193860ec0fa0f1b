package dev.orchard.agent.workflow;

import dev.orchard.agent.api.WorkflowStep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where workflow steps take effect: the running Mac ({@code installer}, {@code profiles}, {@code scutil}…)
 * or the generic backend's sandbox folder. Payloads arrive already verified.
 */
public interface StepHost {

    /** Folder for downloaded payloads ({@code package}, {@code profile}). */
    Path payloadFolder();

    /** Folder where a step's state (what ran with which inputs) is kept. */
    Path stateFolder();

    /** Folder where script files are written and run. */
    Path scriptFolder();

    /** Extra environment for scripts (on top of the {@code ORCHARD_*} identity variables). */
    Map<String, String> scriptEnvironment();

    StepResult installPackage(WorkflowStep step, Path verifiedPackage) throws IOException, InterruptedException;

    StepResult installProfile(WorkflowStep step, Path verifiedProfile) throws IOException, InterruptedException;

    StepResult setComputerName(WorkflowStep step) throws IOException, InterruptedException;

    StepResult localize(WorkflowStep step) throws IOException, InterruptedException;
}
