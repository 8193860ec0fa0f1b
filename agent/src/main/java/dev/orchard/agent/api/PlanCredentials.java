package dev.orchard.agent.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent presents to be let in to its plan (docs/agent-api.md, "Who may have a plan"): its claim
 * (a random secret of this run), an admin's enrollment code when it was given one, or the run token of
 * an earlier plan (the first-boot hand-off).
 *
 * @param claim    sent as {@code X-Orchard-Claim}; never null
 * @param ticket   {@code --ticket}: sent as {@code X-Orchard-Ticket}, or null
 * @param runToken from a hand-off: sent as {@code Authorization: Bearer}, or null
 */
public record PlanCredentials(String claim, String ticket, String runToken) {

    /** The request headers that carry them. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Orchard-Claim", claim);
        if (ticket != null) {
            h.put("X-Orchard-Ticket", ticket);
        }
        if (runToken != null) {
            h.put("Authorization", "Bearer " + runToken);
        }
        return h;
    }
}
