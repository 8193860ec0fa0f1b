package dev.orchard.ops.config.load;

import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SecretSource;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.Webhook;
import dev.orchard.ops.config.yaml.MapReader;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@code webhooks:} (docs/webhooks.md): a list of receivers, each with its URL, where its signing secret
 * comes from, which events it wants and its retry limits. Whether the secret can be read is a check of this
 * host ({@code wiring.HostChecks}), not of the files.
 */
final class WebhooksReader {

    private final Function<String, java.nio.file.Path> paths;
    private final Map<String, SourceLocation> locations;

    WebhooksReader(Function<String, java.nio.file.Path> paths, Map<String, SourceLocation> locations) {
        this.paths = paths;
        this.locations = locations;
    }

    /** Every receiver that could be read; a URL given twice is an error at the second. */
    List<Webhook> readAll(MapReader top) {
        List<Webhook> hooks = top.objects("webhooks", this::read);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < hooks.size(); i++) {
            Integer first = seen.putIfAbsent(hooks.get(i).url(), i);
            if (first != null) {
                SourceLocation at = locations.getOrDefault("webhooks[" + i + "].url", top.at("webhooks"));
                top.problems().error(at, "webhooks[" + i + "].url: " + hooks.get(i).url() + " is already webhooks["
                        + first + "]; one entry per receiver (it would get every event twice)");
            }
        }
        return hooks;
    }

    private Webhook read(MapReader r) {
        note(r, "url");
        r.require("url", "the receiver's http:// or https:// URL");
        r.require("secret", "where the signing secret comes from: env: VARIABLE or file: PATH");
        String url = r.value("url", WebhooksReader::url);
        SecretSource secret = r.node("secret").map(n -> SecretSourceReader.read(n, r.path() + ".secret", "secret", r.problems(),
                paths, locations)).orElse(null);
        List<Webhook.Trigger> events = r.list("events", Webhook.Trigger::parse);
        Integer timeout = r.integer("timeout_seconds", 1, 300);
        Integer maxPending = r.integer("max_pending", 1, 1_000_000);
        Integer first = r.integer("retry_first_ms", 10, 600_000);
        Integer max = r.integer("retry_max_seconds", 1, 86_400);
        Integer giveUp = r.integer("give_up_hours", 1, 24 * 30);
        r.finish();
        if (first != null && max != null && first > max * 1000L) {
            r.problems().error(r.at("retry_first_ms"), r.path() + ".retry_first_ms: " + first
                    + " ms is longer than retry_max_seconds (" + max + " s)");
        }
        if (url == null || secret == null) {
            return null;
        }
        return new Webhook(url, secret, events.isEmpty() ? List.of(Webhook.Trigger.values())
                : List.copyOf(EnumSet.copyOf(events)), or(timeout, Webhook.DEFAULT_TIMEOUT_SECONDS),
                or(maxPending, Webhook.DEFAULT_MAX_PENDING), or(first, Webhook.DEFAULT_RETRY_FIRST_MS),
                or(max, Webhook.DEFAULT_RETRY_MAX_SECONDS), or(giveUp, Webhook.DEFAULT_GIVE_UP_HOURS));
    }

    /**
     * An absolute http or https URL with a host. User information ({@code https://user:pass@host/}) is refused:
     * the URL is written in logs, and the signature already proves who sent the request.
     */
    static String url(String text) {
        String t = text.trim();
        URI u;
        try {
            u = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + text + "' must start with http:// or https://");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' has no host name");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' holds a user name or password; remove it (URLs are"
                    + " logged): the HMAC signature tells the receiver the request is Orchard's");
        }
        if (u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' has a #fragment, which is never sent; remove it");
        }
        return t;
    }

    private void note(MapReader r, String key) {
        if (r.has(key)) {
            locations.put(r.path() + "." + key, r.at(key));
        }
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
