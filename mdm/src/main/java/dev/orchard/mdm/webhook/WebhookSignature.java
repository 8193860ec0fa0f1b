package dev.orchard.mdm.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * NanoMDM's webhook signature ({@code nanomdm -webhook-hmac-key KEY}, NanoMDM v0.9.0 and later,
 * {@code service/webhook/service.go WithHMACSecret}): header {@value #HEADER} = base64 (standard alphabet,
 * padded) of HMAC-SHA256 over the exact body bytes, keyed with the key's UTF-8 bytes. Compared in constant
 * time.
 */
public final class WebhookSignature {

    /** {@code service/webhook/service.go HMACHeader}. */
    public static final String HEADER = "X-Hmac-Signature";

    private final byte[] key;

    public WebhookSignature(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the webhook key is empty");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value NanoMDM sends for {@code body}. */
    public String sign(byte[] body) {
        return Base64.getEncoder().encodeToString(mac(body));
    }

    /** True when {@code header} is the signature of {@code body}; false when missing, malformed or wrong. */
    public boolean verify(byte[] body, Optional<String> header) {
        if (header.isEmpty()) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(header.get().trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(body), presented);
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[HMAC-SHA256, key hidden]";
    }
}
