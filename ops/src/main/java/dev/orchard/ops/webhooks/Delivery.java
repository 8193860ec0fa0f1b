package dev.orchard.ops.webhooks;

import java.time.Instant;
import java.util.Objects;

/**
 * One event waiting for one receiver. {@code id} is the event's stable id: the same on every attempt, after a
 * restart, and for every receiver, so a receiver drops what it already has by it. {@code body} is the exact
 * JSON that is signed and sent, fixed when the delivery was queued.
 *
 * @param receiver the receiver's configured URL
 * @param type     {@code machine.stage} or {@code machine.failure}
 */
record Delivery(String receiver, String id, String type, Instant queuedAt, byte[] body) {

    Delivery {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(body, "body");
    }

    /** The outbox's key: one delivery per event and receiver. */
    String key() {
        return key(receiver, id);
    }

    static String key(String receiver, String id) {
        return id + " " + receiver;
    }
}
