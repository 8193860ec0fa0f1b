package dev.orchard.mdm.client;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where NanoMDM's API is and how to log in: its base URL (the API is under {@code <base>/v1/}, e.g.
 * {@code https://mdm.example/} or a reverse proxy's {@code https://proxy.example/nanomdm/}), and the API key
 * NanoMDM was started with ({@code nanomdm -api KEY}), sent as HTTP Basic password of the user
 * {@code nanomdm} (NanoMDM {@code cmd/nanomdm/main.go}: {@code apiUsername = "nanomdm"}).
 *
 * @param timeout how long one API call may take, connection included
 */
public record NanoMdmEndpoint(URI baseUrl, String apiKey, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public NanoMdmEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null
                || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the NanoMDM URL must be http:// or https://host[:port][/path/], without"
                    + " credentials, query or fragment; got " + baseUrl);
        }
        if (apiKey.isEmpty()) {
            throw new IllegalArgumentException("the NanoMDM API key is empty");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        String path = baseUrl.getRawPath() == null || baseUrl.getRawPath().isEmpty() ? "/" : baseUrl.getRawPath();
        baseUrl = URI.create(scheme + "://" + baseUrl.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    public static NanoMdmEndpoint of(URI baseUrl, String apiKey) {
        return new NanoMdmEndpoint(baseUrl, apiKey, DEFAULT_TIMEOUT);
    }

    /** {@code <base>/v1/<rest>}. */
    URI api(String rest) {
        return baseUrl.resolve("v1/" + rest);
    }

    /** Never the key: endpoints end up in log lines. */
    @Override
    public String toString() {
        return "NanoMDM at " + baseUrl;
    }
}
