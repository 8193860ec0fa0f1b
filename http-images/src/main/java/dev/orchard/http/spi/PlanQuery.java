package dev.orchard.http.spi;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Who asks for a plan: the normalised MAC (lower-case, colon-separated), the serial and model the agent
 * reported (empty when absent), the address the request came from (for subnet rules and netboot
 * tickets) and what the agent presents to be let in.
 */
public record PlanQuery(String mac, Optional<String> serial, Optional<String> model, InetAddress clientAddress,
                        AgentCredentials credentials) {
    public PlanQuery {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** A query without credentials (tests, tools that only ask what the policy says). */
    public PlanQuery(String mac, Optional<String> serial, Optional<String> model, InetAddress clientAddress) {
        this(mac, serial, model, clientAddress, AgentCredentials.NONE);
    }
}
