package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The plan for one machine ({@code GET /api/v1/plan}). {@code action} is kept as the wire string and
 * read through {@link #actionKind()} so an action this agent does not know gives a clear error instead
 * of a parse failure.
 *
 * @param run    the run id the server issued with this plan (plan version 2); events carry it
 * @param token  the run token: a bearer token valid for this machine and run, sent with every event
 * @param events the events path, relative to the server root
 * @param reboot whether the agent reboots the machine at the end (absent means no)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Plan(Integer version, PlanMachine machine, String action, String policy, String run, String token,
                   String events,
                   RestoreSpec restore, InstallSpec install, Workflow workflow, Boolean reboot) {

    /** The four actions of the contract. */
    public enum Action { RESTORE, INSTALL, THIN, NONE }

    /** The action, strictly: an unknown or missing action is a {@link PlanException}. */
    public Action actionKind() {
        if (action == null) {
            throw new PlanException("the plan has no action");
        }
        return switch (action) {
            case "restore" -> Action.RESTORE;
            case "install" -> Action.INSTALL;
            case "thin" -> Action.THIN;
            case "none" -> Action.NONE;
            default -> throw new PlanException("the plan's action '" + action
                    + "' is not one this agent knows (restore, install, thin, none)");
        };
    }

    public boolean rebootWanted() {
        return Boolean.TRUE.equals(reboot);
    }

    public boolean hasWorkflow() {
        return workflow != null && workflow.steps() != null && !workflow.steps().isEmpty();
    }

    /**
     * A plan made on the agent for {@code --image}: restore that image (its manifest at
     * {@code <image>/manifest}) with no server plan and no reports to the server.
     */
    public static Plan manualRestore(String imagePath) {
        String name = imagePath.substring(imagePath.lastIndexOf('/') + 1);
        return new Plan(1, null, "restore", "--image", null, null, null,
                new RestoreSpec(name, imagePath, imagePath + "/manifest", null, null, null, "block"), null, null, false);
    }

    /**
     * Checks that what the action needs is present, so a broken plan fails before anything is touched.
     */
    public Plan validated() {
        Action kind = actionKind();
        if (kind != Action.NONE && (token == null || token.isBlank() || events == null || events.isBlank())) {
            throw new PlanException("the plan has no token or events path for reports");
        }
        return validatedWithoutReports();
    }

    /** {@link #validated()} without the token and events check (a {@link #manualRestore} plan has neither). */
    public Plan validatedWithoutReports() {
        Action kind = actionKind();
        switch (kind) {
            case RESTORE -> {
                if (restore == null) {
                    throw new PlanException("action restore without a restore section");
                }
                restore.validate();
            }
            case INSTALL -> {
                if (install == null) {
                    throw new PlanException("action install without an install section");
                }
                install.validate();
            }
            case THIN -> {
                if (!hasWorkflow()) {
                    throw new PlanException("action thin without workflow steps");
                }
            }
            case NONE -> {
                // nothing is needed
            }
        }
        if (hasWorkflow()) {
            workflow.steps().forEach(WorkflowStep::validate);
        }
        return this;
    }
}
