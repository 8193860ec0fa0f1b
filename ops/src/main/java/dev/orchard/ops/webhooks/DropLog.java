package dev.orchard.ops.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Logs the outbox's drops ({@code max_pending} reached) without flooding: the first of a burst at once, then one
 * line a minute per receiver with how many were dropped since. The counter is {@code
 * orchard_webhook_deliveries_total{outcome="dropped"}}. Used under the outbox's lock.
 */
final class DropLog {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final long MINUTE = 60_000_000_000L;

    /** Per receiver: {dropped since the last line, when the last line was written}. */
    private final Map<String, long[]> byReceiver = new HashMap<>();

    void dropped(String receiver, int cap) {
        long now = System.nanoTime();
        long[] s = byReceiver.computeIfAbsent(receiver, r -> new long[] {0, now - MINUTE - 1});
        s[0]++;
        if (now - s[1] >= MINUTE) {
            LOG.warn("webhooks: {} has {} deliveries waiting (max_pending); dropped {} oldest since the last"
                    + " such line", Receiver.printable(receiver), cap, s[0]);
            s[0] = 0;
            s[1] = now;
        }
    }
}
