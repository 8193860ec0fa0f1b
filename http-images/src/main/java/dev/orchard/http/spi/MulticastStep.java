package dev.orchard.http.spi;

import java.util.Objects;

/**
 * The plan's multicast part of a restore (docs/agent-api.md, "Multicast"): the group and port of the image's
 * stream, the image sha256 every datagram of that stream carries, and the routes to announce the receiver on
 * and to report to (server-relative).
 */
public record MulticastStep(String group, int port, String sha256, String join, String report) {

    public static final String JOIN_PATH = "/api/v1/multicast/join";
    public static final String REPORT_PATH = "/api/v1/multicast/report";

    public MulticastStep {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(join, "join");
        Objects.requireNonNull(report, "report");
    }

    public static MulticastStep of(MulticastSettings s, String sha256) {
        return new MulticastStep(s.group().getHostAddress(), s.port(), sha256, JOIN_PATH, REPORT_PATH);
    }
}
