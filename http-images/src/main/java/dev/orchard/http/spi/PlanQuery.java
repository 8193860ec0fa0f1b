package dev.orchard.http.spi;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Who asks for a plan: the normalised MAC (lower-case, colon-separated), the serial and model the agent
 * reported (empty when absent) and the address the request came from (for subnet rules).
 */
public record PlanQuery(String mac, Optional<String> serial, Optional<String> model, InetAddress clientAddress) {
    public PlanQuery {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }
}
