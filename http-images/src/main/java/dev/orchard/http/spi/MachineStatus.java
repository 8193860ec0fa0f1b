package dev.orchard.http.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One machine as the admin API lists it: identity, what its policy decided, and its last events
 * (newest last). Fields other than {@code mac} and {@code lastEvents} may be null.
 */
public record MachineStatus(String mac, String serial, String model, String name, PlanAction action, String policy,
                            Instant lastSeen, List<MachineEvent> lastEvents) {
    public MachineStatus {
        Objects.requireNonNull(mac, "mac");
        lastEvents = List.copyOf(lastEvents);
    }
}
