package dev.orchard.ops.admission;

import dev.orchard.ops.config.MacAddress;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Run tokens: {@code base64url(version ‖ mac[6] ‖ run[16] ‖ expires[8] ‖ HMAC-SHA256(secret, all before))}.
 * The MAC, run and end are readable (not secret); only the server, holding the secret kept in the data
 * folder, can make a token that verifies, so one cannot be forged or altered (a MAC or an end changed by
 * one bit fails the HMAC). Whether the run is still the Mac's current one is {@link AgentAdmission}'s
 * question; this class only says what a token genuinely claims. Comparison is constant-time.
 */
final class RunTokens {

    /** What a genuine token says. */
    record Claims(String mac, String runId, Instant expiresAt) {
    }

    private static final byte VERSION = 2;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 6;
    private static final int RUN_BYTES = 16;
    private static final int BODY_BYTES = 1 + MAC_BYTES + RUN_BYTES + Long.BYTES;
    private static final int TAG_BYTES = 32;

    private final SecretKeySpec key;

    RunTokens(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the token secret must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** The token of run {@code runId} (32 hex digits) of {@code mac}, valid until {@code expiresAt}. */
    String mint(String mac, String runId, Instant expiresAt) {
        ByteBuffer body = ByteBuffer.allocate(BODY_BYTES).put(VERSION).put(MacAddress.parse(mac).bytes())
                .put(HexFormat.of().parseHex(runId)).putLong(expiresAt.getEpochSecond());
        ByteBuffer token = ByteBuffer.allocate(BODY_BYTES + TAG_BYTES).put(body.array()).put(tag(body.array()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /** What the token says, when this server minted it; empty for anything else. */
    Optional<Claims> read(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length != BODY_BYTES + TAG_BYTES || raw[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        byte[] body = new byte[BODY_BYTES];
        byte[] tag = new byte[TAG_BYTES];
        b.get(body).get(tag);
        if (!MessageDigest.isEqual(tag(body), tag)) {
            return Optional.empty();
        }
        ByteBuffer fields = ByteBuffer.wrap(body, 1, BODY_BYTES - 1);
        byte[] mac = new byte[MAC_BYTES];
        byte[] run = new byte[RUN_BYTES];
        fields.get(mac).get(run);
        return Optional.of(new Claims(MacAddress.of(mac).toString(), HexFormat.of().formatHex(run),
                Instant.ofEpochSecond(fields.getLong())));
    }

    private byte[] tag(byte[] body) {
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(key);
            return hmac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
