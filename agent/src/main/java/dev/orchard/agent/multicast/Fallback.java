package dev.orchard.agent.multicast;

import java.util.Locale;

/**
 * Why a restore used HTTP alone, reported to the server ({@code POST /api/v1/multicast/report},
 * docs/agent-api.md) with these wire names, and in the restore's events with the detail.
 */
public enum Fallback {
    /** It received by multicast (whatever it missed came by HTTP repair). */
    NONE,
    /** The server answered the join with no stream (multicast off for this Mac or image, or an error). */
    NOT_OFFERED,
    /** The socket could not join the group (no interface, no multicast route). */
    JOIN_FAILED,
    /** Joined, but nothing of its stream arrived: IGMP snooping without a querier, another subnet, a filter. */
    NOTHING_RECEIVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
