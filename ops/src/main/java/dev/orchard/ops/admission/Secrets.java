package dev.orchard.ops.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random ids and codes, and the hashes under which claims and codes are stored. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Crockford's base 32: no I, L, O, U, so a code read aloud or typed is not mistaken. */
    private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Secrets() {
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** 26 characters of base 32 (130 bits), in groups of five for reading: {@code 7K3QD-…}. */
    static String randomCode() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 26; i++) {
            if (i > 0 && i % 5 == 0) {
                s.append('-');
            }
            s.append(CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)]);
        }
        return s.toString();
    }

    /**
     * A code as {@link #randomCode} writes them, from HMAC-SHA256(key, context) instead of random bits: the same
     * key and context give the same code, and without the key nobody can make it.
     */
    static String derivedCode(byte[] key, String context) {
        byte[] mac;
        try {
            javax.crypto.Mac h = javax.crypto.Mac.getInstance("HmacSHA256");
            h.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            mac = h.doFinal(context.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
        java.math.BigInteger bits = new java.math.BigInteger(1, mac).shiftRight(256 - 130);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 26; i++) {
            if (i > 0 && i % 5 == 0) {
                s.append('-');
            }
            s.append(CODE_ALPHABET[bits.shiftRight(5 * (25 - i)).intValue() & 31]);
        }
        return s.toString();
    }

    static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
