package dev.orchard.http.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** {@code Authorization: Bearer <token>} (RFC 6750 §2.1) and a constant-time comparison. */
public final class BearerTokens {

    private static final String SCHEME = "bearer ";

    private BearerTokens() {
    }

    /** The token of a Bearer header; empty when absent or another scheme. */
    public static Optional<String> extract(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        String v = authorization.get().strip();
        if (v.length() <= SCHEME.length() || !v.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = v.substring(SCHEME.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /**
     * Compares without leaking where the first difference is: {@link MessageDigest#isEqual} runs in time
     * independent of the content (JDK 6u17+); hashing first also hides the expected length.
     */
    public static boolean constantTimeEquals(String presented, String expected) {
        try {
            MessageDigest a = MessageDigest.getInstance("SHA-256");
            MessageDigest b = MessageDigest.getInstance("SHA-256");
            return MessageDigest.isEqual(a.digest(presented.getBytes(StandardCharsets.UTF_8)),
                    b.digest(expected.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
