package dev.orchard.mdmsim;

import java.util.Optional;

/**
 * One webhook event the stub had to post, and what became of it.
 *
 * @param httpStatus the receiver's answer when {@link Outcome#ANSWERED} (NanoMDM counts only 200 as success)
 * @param body       the JSON as posted (or as it would have been, when lost)
 */
public record WebhookDelivery(String topic, String udid, Optional<String> commandUuid, Outcome outcome, int httpStatus,
                              String body) {

    public enum Outcome {
        /** The receiver answered (see {@code httpStatus}). */
        ANSWERED,
        /** Dropped on purpose ({@link NanoMdmStub#loseNextWebhooks}). */
        LOST,
        /** No webhook URL is configured. */
        NO_URL,
        /** The POST failed (connection refused, timeout). */
        FAILED
    }

    public boolean accepted() {
        return outcome == Outcome.ANSWERED && httpStatus == 200;
    }
}
