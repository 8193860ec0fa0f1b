package dev.orchard.http.spi;

import java.util.Objects;

/**
 * What the {@link PlanPort} decided: a plan, no policy applies (answered as 404 with the reason), or the
 * asker may not have this Mac's plan (403 or 409 with the reason; docs/agent-api.md, "Who may have a plan").
 */
public sealed interface PlanDecision {

    /** A policy applies; the plan is sent as is. */
    record Found(Plan plan) implements PlanDecision {
        public Found {
            Objects.requireNonNull(plan, "plan");
        }
    }

    /** No policy applies; {@code reason} is shown to the agent (e.g. "no policy applies to 00:1b:…"). */
    record NoPolicy(String reason) implements PlanDecision {
        public NoPolicy {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The asker is not let in. {@code status} is 403 (no valid ticket or token for this Mac from this
     * address) or 409 (this boot's ticket was already claimed by another agent run).
     */
    record Refused(int status, String reason) implements PlanDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            if (status != 403 && status != 409) {
                throw new IllegalArgumentException("a refused plan is a 403 or a 409, not " + status);
            }
        }
    }
}
