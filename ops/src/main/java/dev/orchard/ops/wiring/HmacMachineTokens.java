package dev.orchard.ops.wiring;

import dev.orchard.http.spi.MachineTokens;
import dev.orchard.http.spi.TokenCheck;
import dev.orchard.ops.config.MacAddress;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Per-machine tokens for the agent's event reports: {@code base64url(mac[6] ‖ HMAC-SHA256(secret, mac))}.
 * Stateless (nothing to store per Mac) and stable across restarts because the secret is kept in the data
 * folder ({@link ServerSecret}). Carrying the MAC lets {@link #verify} tell "another machine's genuine
 * token" from a forgery; the MAC is not secret (it is in the URL). Comparison is constant-time.
 */
public final class HmacMachineTokens implements MachineTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 6;
    private static final int TAG_BYTES = 32;

    private final SecretKeySpec key;

    public HmacMachineTokens(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the token secret must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** The token for {@code mac} (any MAC form). */
    public String mint(String mac) {
        byte[] raw = MacAddress.parse(mac).bytes();
        ByteBuffer token = ByteBuffer.allocate(MAC_BYTES + TAG_BYTES).put(raw).put(tag(raw));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    @Override
    public TokenCheck verify(String mac, String token) {
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return TokenCheck.INVALID;
        }
        if (decoded.length != MAC_BYTES + TAG_BYTES) {
            return TokenCheck.INVALID;
        }
        byte[] claimed = Arrays.copyOf(decoded, MAC_BYTES);
        if (!MessageDigest.isEqual(tag(claimed), Arrays.copyOfRange(decoded, MAC_BYTES, decoded.length))) {
            return TokenCheck.INVALID;
        }
        byte[] asked;
        try {
            asked = MacAddress.parse(mac).bytes();
        } catch (IllegalArgumentException e) {
            return TokenCheck.INVALID;
        }
        return MessageDigest.isEqual(claimed, asked) ? TokenCheck.VALID : TokenCheck.OTHER_MACHINE;
    }

    private byte[] tag(byte[] mac) {
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(key);
            return hmac.doFinal(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
