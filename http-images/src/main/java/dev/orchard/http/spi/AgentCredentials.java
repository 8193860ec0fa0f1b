package dev.orchard.http.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What an agent presents when it asks for its plan (docs/agent-api.md, "Who may have a plan"), passed
 * through unjudged: the {@link PlanPort} decides. Any of the three may be absent.
 *
 * @param claim  {@code X-Orchard-Claim}: the agent's random per-run secret; it claims a ticket, and the
 *               same claim asks again for the same run (a retry after a lost answer or an agent restart)
 * @param ticket {@code X-Orchard-Ticket}: an enrollment code an admin issued for this Mac (manual runs,
 *               the MDM path), instead of a netboot ticket
 * @param bearer {@code Authorization: Bearer}: the run token of an earlier plan (the first-boot hand-off
 *               of an install asks for its workflow with it)
 */
public record AgentCredentials(Optional<String> claim, Optional<String> ticket, Optional<String> bearer) {

    /** No credentials at all. */
    public static final AgentCredentials NONE = new AgentCredentials(Optional.empty(), Optional.empty(),
            Optional.empty());

    public AgentCredentials {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(bearer, "bearer");
    }
}
