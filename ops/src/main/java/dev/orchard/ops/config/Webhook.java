package dev.orchard.ops.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One receiver of {@code webhooks:} (docs/webhooks.md): where machine events are POSTed, the secret their
 * HMAC-SHA256 signature is made with (from a file or an environment variable, never the configuration), which
 * events it wants, and how long and how hard Orchard tries before it gives a delivery up.
 *
 * @param url              absolute {@code http://} or {@code https://} URL, without user information
 * @param events           the triggers this receiver wants (never empty: the default is every trigger)
 * @param timeoutSeconds   connect and response timeout of one attempt
 * @param maxPending       deliveries kept for this receiver; beyond it the oldest is dropped (counted, logged)
 * @param retryFirstMs     the first retry's delay; each later one doubles, with jitter
 * @param retryMaxSeconds  the longest delay between two attempts
 * @param giveUpHours      a delivery still failing this long after it was queued is given up (counted, logged)
 */
public record Webhook(String url, SecretSource secret, List<Trigger> events, int timeoutSeconds, int maxPending,
                      int retryFirstMs, int retryMaxSeconds, int giveUpHours) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_MAX_PENDING = 10_000;
    public static final int DEFAULT_RETRY_FIRST_MS = 1_000;
    public static final int DEFAULT_RETRY_MAX_SECONDS = 300;
    public static final int DEFAULT_GIVE_UP_HOURS = 24;

    public Webhook {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        events = List.copyOf(events);
    }

    /** What makes a machine event worth a POST. */
    public enum Trigger {
        /** A stage (or workflow step) started, succeeded or was skipped: every event but {@code progress}. */
        STAGE,
        /** A stage or step failed. */
        FAILURE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Trigger parse(String text) {
            for (Trigger t : values()) {
                if (t.wireName().equals(text.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a webhook event; expected stage or failure");
        }
    }
}
