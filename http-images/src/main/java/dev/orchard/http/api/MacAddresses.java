package dev.orchard.http.api;

import dev.orchard.mac.MacAddress;

/**
 * MAC addresses as docs/agent-api.md writes them: lower-case, colon-separated. Input is read with the
 * project's one MAC grammar ({@link MacAddress}, docs/config.md "MAC addresses").
 */
public final class MacAddresses {

    private MacAddresses() {
    }

    /** Normalises or fails with a 400 whose message names the input and the accepted forms. */
    public static String require(String raw, String what) throws ApiException {
        try {
            return MacAddress.canonical(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(what + ": " + e.getMessage());
        }
    }
}
