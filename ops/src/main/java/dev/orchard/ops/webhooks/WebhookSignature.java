package dev.orchard.ops.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The {@code Orchard-Signature} header (docs/webhooks.md, "Signature"): {@code t=<unix seconds>,v1=<hex>}, where
 * the hex is HMAC-SHA256 (RFC 2104, FIPS 180-4) keyed with the secret's UTF-8 bytes over the ASCII timestamp, a
 * {@code .}, and the exact body bytes. The timestamp is inside the signed material, so a receiver that refuses
 * old timestamps (5 minutes, say) refuses a captured request replayed later; the body holds the event's id, so
 * a replay within that window is dropped as a duplicate. The same layout as Stripe's {@code Stripe-Signature},
 * which many receivers already verify; {@code v1} names the scheme so a later one can be sent beside it.
 */
final class WebhookSignature {

    static final String HEADER = "Orchard-Signature";

    private final SecretKeySpec key;

    WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The header value for {@code body} sent at {@code epochSeconds}. */
    String header(long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + hex(epochSeconds, body);
    }

    String hex(long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
