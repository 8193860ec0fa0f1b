package dev.orchard.ops.wiring;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The MDM settings once this host has read their secrets ({@link MdmChecks}): what the server hands to
 * {@link NanoMdmGateway} and {@link NanoMdmWebhook}. Never printed with the secrets.
 */
public record MdmCredentials(URI url, String apiKey, String webhookSecret, Duration timeout) {

    public MdmCredentials {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String toString() {
        return "MdmCredentials[" + url + ", keys hidden]";
    }
}
