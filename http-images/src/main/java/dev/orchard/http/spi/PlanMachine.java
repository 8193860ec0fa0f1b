package dev.orchard.http.spi;

import java.util.Objects;

/**
 * The machine a plan is for. {@code mac} is lower-case and colon-separated; the others may be null.
 */
public record PlanMachine(String mac, String serial, String model, String name) {
    public PlanMachine {
        Objects.requireNonNull(mac, "mac");
    }
}
