package dev.orchard.http.api;

import java.util.Locale;
import java.util.Optional;

/**
 * MAC addresses as docs/agent-api.md writes them: lower-case, colon-separated. Input may use {@code :},
 * {@code -} or no separators, in any case.
 */
public final class MacAddresses {

    private MacAddresses() {
    }

    public static Optional<String> normalise(String raw) {
        if (raw == null || raw.length() > 17) {
            return Optional.empty();
        }
        String hex = raw.replace(":", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 12) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i++) {
            char c = hex.charAt(i);
            if (Character.digit(c, 16) < 0) {
                return Optional.empty();
            }
            if (i > 0 && i % 2 == 0) {
                out.append(':');
            }
            out.append(c);
        }
        // separators, when used, must sit between every pair (00:1b:… or 00-1b-…), never in odd places
        if (raw.length() == 17) {
            for (int i = 2; i < 17; i += 3) {
                if (raw.charAt(i) != ':' && raw.charAt(i) != '-') {
                    return Optional.empty();
                }
            }
        } else if (raw.length() != 12) {
            return Optional.empty();
        }
        return Optional.of(out.toString());
    }

    /** Normalises or fails with a 400. */
    public static String require(String raw, String what) throws ApiException {
        return normalise(raw).orElseThrow(() -> ApiException.badRequest(what + " is not a MAC address: '"
                + (raw == null ? "" : raw.length() > 40 ? raw.substring(0, 40) + "…" : raw) + "'"));
    }
}
