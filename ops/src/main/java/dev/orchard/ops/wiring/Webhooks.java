package dev.orchard.ops.wiring;

import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.SecretSource;
import dev.orchard.ops.config.Webhook;
import dev.orchard.ops.webhooks.WebhookDispatcher;
import dev.orchard.ops.webhooks.WebhookMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the webhook dispatcher of {@code orchard serve} (docs/webhooks.md) on {@code <data_dir>/webhooks}: when
 * {@code webhooks:} lists receivers, or when an outbox of an earlier run exists (its deliveries for receivers
 * that were removed are then settled and counted). The secrets were checked by {@link HostChecks}.
 */
final class Webhooks {

    private Webhooks() {
    }

    /** The outbox folder, {@code <data_dir>/webhooks}. */
    static Path folder(OrchardConfig c) {
        return c.server().dataDir().resolve("webhooks");
    }

    /** A webhook's signing secret, checked as the admin token is (length, placeholder, file permissions). */
    static SecretSource.Reading readSecret(Webhook h, ServeOptions options) {
        return h.secret().read(options.environment(), "the webhook secret", "forge webhook deliveries to the receiver");
    }

    /** The running dispatcher, or null when there is nothing to send. */
    static WebhookDispatcher start(OrchardConfig c, ServeOptions options, WebhookMetrics metrics) throws StartFailure {
        Path folder = folder(c);
        if (c.webhooks().isEmpty() && !Files.isDirectory(folder)) {
            return null;
        }
        Map<String, String> secrets = new HashMap<>();
        for (Webhook h : c.webhooks()) {
            try {
                secrets.put(h.url(), readSecret(h, options).secret().orElseThrow(() -> new IllegalStateException(
                        "the secret of webhook " + h.url() + " cannot be read any more")));
            } catch (IllegalStateException e) {
                throw StartFailure.other(e.getMessage(), e);
            }
        }
        try {
            return WebhookDispatcher.start(folder, c.webhooks(), secrets, metrics, options.clock());
        } catch (IOException e) {
            throw StartFailure.other("cannot open the webhook outbox in " + folder + ": " + e.getMessage(), e);
        }
    }
}
