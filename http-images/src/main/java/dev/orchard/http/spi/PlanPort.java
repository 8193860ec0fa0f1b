package dev.orchard.http.spi;

/**
 * Answers the agent's plan question. Implemented by {@code ops} (policy engine + token minting).
 * <p>The server calls it on its API worker pool, never on an event loop, so an implementation may read
 * files or wait on a lock; it should answer within seconds.
 */
@FunctionalInterface
public interface PlanPort {

    /** Standalone default: no policies, every machine gets a 404. */
    PlanPort NONE = query -> new PlanDecision.NoPolicy("no policy applies to " + query.mac()
            + " (this server has no policies configured)");

    PlanDecision plan(PlanQuery query) throws Exception;

    /** A port that gives every machine the same plan (tests, demos). */
    static PlanPort fixed(Plan plan) {
        return query -> new PlanDecision.Found(plan);
    }
}
