package dev.orchard.ops.wiring;

import dev.orchard.ops.config.KeyLocations;
import dev.orchard.ops.config.MdmSettings;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SecretSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The part of the host checks for {@code mdm:} (docs/mdm.md), shared by {@code orchard validate} and
 * {@code orchard serve}: NanoMDM's API key and the webhook secret must be readable, at least 16 characters, not
 * a placeholder, and in files other users cannot read (the API key can erase every Mac enrolled in that MDM;
 * the webhook secret lets anyone forge what the Macs report). A plain {@code http://} URL to another host is a
 * warning: the key would cross the network unencrypted.
 */
final class MdmChecks {

    private MdmChecks() {
    }

    static Optional<MdmCredentials> check(OrchardConfig config, Map<String, String> environment, Problems problems) {
        MdmSettings mdm = config.mdm();
        if (mdm == null) {
            return Optional.empty();
        }
        KeyLocations at = config.locations();
        Optional<String> apiKey = secret(mdm.apiKey(), "mdm.api_key", "the NanoMDM API key",
                "erase every Mac enrolled in that MDM", environment, at, problems);
        Optional<String> webhook = secret(mdm.webhookSecret(), "mdm.webhook_secret", "the MDM webhook secret",
                "forge what the Macs report to Orchard", environment, at, problems);
        if (mdm.url().getScheme().toLowerCase(Locale.ROOT).equals("http") && !loopback(mdm.url().getHost())) {
            problems.warn(at.of("mdm.url"), "mdm.url: " + mdm.url() + " is plain http: the NanoMDM API key would cross"
                    + " the network unencrypted; use https (NanoMDM behind a TLS proxy)");
        }
        if (apiKey.isEmpty() || webhook.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MdmCredentials(mdm.url(), apiKey.get(), webhook.get(),
                Duration.ofSeconds(mdm.timeoutSeconds())));
    }

    private static Optional<String> secret(SecretSource source, String key, String what, String power,
                                           Map<String, String> environment, KeyLocations at, Problems problems) {
        var where = at.of(source.env() != null ? key + ".env" : key + ".file");
        SecretSource.Reading r = source.read(environment, what, power);
        r.errors().forEach(e -> problems.error(where, key + ": " + e));
        r.warnings().forEach(w -> problems.warn(where, key + ": " + w));
        return r.secret();
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return (host.matches("[0-9.]+") || host.startsWith("[")) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
