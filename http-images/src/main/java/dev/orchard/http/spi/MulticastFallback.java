package dev.orchard.http.spi;

import java.util.Locale;

/**
 * Why a receiver restored over HTTP alone, as the agent reports it ({@code none}: it received by multicast).
 * A closed set: the wire name is the lower-case constant; anything else in a report is a 400.
 */
public enum MulticastFallback {
    NONE,
    /** The server did not offer a stream (multicast off for this Mac or image). */
    NOT_OFFERED,
    /** The receiver could not join the group (no interface, no route, an IGMP error). */
    JOIN_FAILED,
    /** Joined, but no datagram of its stream arrived (IGMP snooping without a querier, another subnet). */
    NOTHING_RECEIVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant for a wire name, or null. */
    public static MulticastFallback fromWire(String s) {
        for (MulticastFallback f : values()) {
            if (f.wireName().equals(s)) {
                return f;
            }
        }
        return null;
    }
}
