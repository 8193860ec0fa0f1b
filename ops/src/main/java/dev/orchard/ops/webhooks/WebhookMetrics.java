package dev.orchard.ops.webhooks;

/**
 * The webhooks' metrics port, in domain verbs; tags come from the closed enums here, never a URL, MAC or
 * IP. {@code metrics.MicrometerWebhookMetrics} is the production implementation. Implementations must be
 * cheap and never throw.
 */
public interface WebhookMetrics {

    /** How one POST ended. */
    enum Attempt {
        /** A 2xx answer: the delivery is done. */
        OK,
        /** Any other HTTP status (retried). */
        HTTP_ERROR,
        /** No connection: refused, unreachable, name not resolved (retried). */
        UNREACHABLE,
        /** No answer within {@code timeout_seconds} (retried). */
        TIMEOUT
    }

    /** How a delivery left the outbox. */
    enum Outcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Still failing {@code give_up_hours} after it was queued. */
        EXPIRED,
        /** Pushed out by a newer delivery when the receiver had {@code max_pending} waiting. */
        DROPPED,
        /** Waiting at a restart for a receiver no longer configured. */
        UNCONFIGURED
    }

    void attempted(Attempt attempt);

    void settled(Outcome outcome);

    /** Deliveries waiting now, over every receiver. */
    void pending(long deliveries);

    WebhookMetrics NOOP = new WebhookMetrics() {
        @Override
        public void attempted(Attempt attempt) {
        }

        @Override
        public void settled(Outcome outcome) {
        }

        @Override
        public void pending(long deliveries) {
        }
    };
}
