package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The machine as the server knows it; {@code name} is the computer name the policy chose. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlanMachine(String mac, String serial, String model, String name) {
}
