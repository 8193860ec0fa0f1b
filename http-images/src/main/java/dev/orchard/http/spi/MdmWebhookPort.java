package dev.orchard.http.spi;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code POST /api/v1/mdm/webhook} hands what an MDM posted (NanoMDM's {@code -webhook-url}): the raw
 * body and the credentials that came with it, unread. Authentication and parsing belong to the implementation
 * (the HTTP server knows neither the secret nor the MDM's format); the answer decides the status the MDM sees.
 * Called on a worker thread, never on the event loop.
 */
@FunctionalInterface
public interface MdmWebhookPort {

    /** No MDM configured: the route answers 404, as for any unknown endpoint. */
    MdmWebhookPort NONE = delivery -> Answer.DISABLED;

    Answer receive(Delivery delivery) throws Exception;

    /**
     * One POST as it arrived.
     *
     * @param signature     the {@code X-Hmac-Signature} header (NanoMDM's {@code -webhook-hmac-key})
     * @param authorization the {@code Authorization} header
     */
    record Delivery(byte[] body, Optional<String> signature, Optional<String> authorization, InetAddress client) {
        public Delivery {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(authorization, "authorization");
            Objects.requireNonNull(client, "client");
        }
    }

    /** The outcome, and the HTTP status it becomes (NanoMDM treats anything but 200 as a failed delivery). */
    enum Answer {
        /** Authenticated and read; handed on. */
        ACCEPTED(200),
        /** Authenticated, but not an event this server can read (logged and counted). */
        MALFORMED(400),
        /** Missing or wrong credentials (logged and counted). */
        UNAUTHENTICATED(401),
        /** No MDM is configured. */
        DISABLED(404);

        private final int status;

        Answer(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
