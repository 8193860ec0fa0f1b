package dev.orchard.agent.api;

import java.util.HexFormat;
import java.util.Locale;

/** Checks and converts the 64-hex-digit sha256 strings of the contract. */
public final class Sha256Hex {

    private Sha256Hex() {
    }

    public static boolean isValid(String hex) {
        if (hex == null || hex.length() != 64) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The 32 bytes of a valid hex digest (either case). */
    public static byte[] toBytes(String hex) {
        if (!isValid(hex)) {
            throw new PlanException("not a sha256 (64 hex digits): " + hex);
        }
        return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    }

    public static String of(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
