package dev.orchard.ops.config.load;

import dev.orchard.ops.config.MdmSettings;
import dev.orchard.ops.config.SecretSource;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.yaml.MapReader;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@code mdm:} (docs/mdm.md): {@code url} (required, http or https, no credentials, query or fragment),
 * {@code api_key} and {@code webhook_secret} (required, each {@code {env:}} or {@code {file:}}),
 * {@code timeout_seconds} (1–300, default 10). Whether the secrets can be read is a check of this host.
 */
final class MdmReader {

    private final Function<String, Path> path;
    private final Map<String, SourceLocation> locations;

    MdmReader(Function<String, Path> path, Map<String, SourceLocation> locations) {
        this.path = path;
        this.locations = locations;
    }

    MdmSettings read(MapReader r) {
        boolean complete = r.require("url", "NanoMDM's base URL, e.g. https://mdm.example.org/");
        complete &= r.require("api_key", "where NanoMDM's API key comes from: env: VARIABLE or file: PATH");
        complete &= r.require("webhook_secret", "where the webhook key nanomdm -webhook-hmac-key uses comes from");
        URI url = r.value("url", MdmReader::baseUrl);
        if (r.has("url")) {
            locations.put("mdm.url", r.at("url"));
        }
        SecretSource apiKey = r.node("api_key").map(n -> SecretSourceReader.read(n, "mdm.api_key", "key",
                r.problems(), path, locations)).orElse(null);
        SecretSource webhook = r.node("webhook_secret").map(n -> SecretSourceReader.read(n, "mdm.webhook_secret",
                "secret", r.problems(), path, locations)).orElse(null);
        Integer timeout = r.integer("timeout_seconds", 1, 300);
        r.finish();
        if (!complete || url == null || apiKey == null || webhook == null) {
            return null;
        }
        return new MdmSettings(url, apiKey, webhook, timeout == null ? MdmSettings.DEFAULT_TIMEOUT_SECONDS : timeout);
    }

    /** http or https with a host; credentials belong in {@code api_key}, never in the URL. */
    static URI baseUrl(String text) {
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an absolute http:// or https:// URL");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the URL must not hold credentials; NanoMDM's API key goes in"
                    + " mdm.api_key (env: or file:)");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' must not have a query or fragment: it is the base"
                    + " the API paths (v1/enqueue, v1/push) are added to");
        }
        return u;
    }
}
