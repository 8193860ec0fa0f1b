package dev.orchard.http.spi;

import java.util.Objects;

/** What the {@link PlanPort} decided: a plan, or no policy applies (answered as 404 with the reason). */
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
}
