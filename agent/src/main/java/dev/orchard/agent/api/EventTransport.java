package dev.orchard.agent.api;

/** Delivers one event to the server. */
@FunctionalInterface
public interface EventTransport {

    /** What became of a delivery attempt. */
    enum Outcome {
        /** 202: durable on the server. */
        ACCEPTED,
        /** Not delivered (connection error, 5xx, 408, 429): try again later. */
        RETRY,
        /** Refused for good (400, 401, 403, 404, 413): retrying would get the same answer. */
        REJECTED
    }

    /** An outcome and, when it was not accepted, why (for the console). */
    record Delivery(Outcome outcome, String detail) {
        public static final Delivery ACCEPTED = new Delivery(Outcome.ACCEPTED, null);
    }

    /** Never throws: failures are {@link Outcome#RETRY} or {@link Outcome#REJECTED}. */
    Delivery deliver(AgentEvent event);
}
