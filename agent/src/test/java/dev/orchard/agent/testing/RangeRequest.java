package dev.orchard.agent.testing;

/** One ranged GET as a test server (or the relay in front of one) saw it: bytes {@code [from, to)}. */
public record RangeRequest(String path, long from, long to) {
}
