package dev.orchard.agent.api;

/** The plan (or a manifest) is malformed or asks for something this agent cannot do. */
public class PlanException extends RuntimeException {

    public PlanException(String message) {
        super(message);
    }
}
