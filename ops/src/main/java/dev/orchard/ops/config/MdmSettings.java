package dev.orchard.ops.config;

import java.net.URI;
import java.util.Objects;

/**
 * {@code mdm:}: the MDM Orchard drives for Macs that cannot NetBoot (Apple silicon, T2). Orchard never becomes an
 * MDM; it asks this one (NanoMDM) to queue commands and reads its webhook (docs/mdm.md). Both secrets come from a
 * file or an environment variable, never from the configuration.
 *
 * @param url            NanoMDM's base URL; its API is under {@code <url>/v1/}
 * @param apiKey         where NanoMDM's API key ({@code nanomdm -api}) comes from
 * @param webhookSecret  where the webhook key ({@code nanomdm -webhook-hmac-key}) comes from
 * @param timeoutSeconds how long one call to the MDM may take
 */
public record MdmSettings(URI url, SecretSource apiKey, SecretSource webhookSecret, int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    public MdmSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
    }
}
