package dev.orchard.http.spi;

import java.util.Objects;

/**
 * The answer to {@code GET /api/v1/plan} (docs/agent-api.md, "Plan"). Which of {@code restore},
 * {@code install} and {@code workflow} are set follows from {@code action}; unused ones are null and are
 * written as JSON {@code null}.
 *
 * @param version the contract version, {@link #VERSION}
 * @param run     the id of the agent run this plan starts, issued by the server; the agent's events carry it
 * @param token   the run token: opaque, valid for this machine and this run only, until it expires or the
 *                Mac starts a newer run; the agent sends it as a bearer token with its events
 * @param events  server-relative URL the agent posts its events to
 */
public record Plan(int version, PlanMachine machine, PlanAction action, String policy, String run, String token, String events,
                   RestoreStep restore, InstallStep install, Workflow workflow, boolean reboot) {

    /** The plan format this server writes. */
    public static final int VERSION = 2;

    public Plan {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(token, "token");
        if (action == PlanAction.RESTORE && restore == null) {
            throw new IllegalArgumentException("a restore plan needs a restore step");
        }
        if (action == PlanAction.INSTALL && install == null) {
            throw new IllegalArgumentException("an install plan needs an install step");
        }
        if (action == PlanAction.THIN && workflow == null) {
            throw new IllegalArgumentException("a thin plan needs a workflow");
        }
    }

    /** The events URL for a machine, as docs/agent-api.md writes it. */
    public static String eventsUrl(String mac) {
        return "/api/v1/machines/" + mac + "/events";
    }
}
