package dev.orchard.agent.identity;

import java.util.Locale;
import java.util.Objects;

/**
 * Who this machine is, as sent in the plan request. The MAC is normalised to the contract's form
 * (lower case, colon separated); serial and model are optional.
 */
public record MachineIdentity(String mac, String serial, String model) {

    public MachineIdentity {
        mac = normalizeMac(Objects.requireNonNull(mac, "mac"));
        serial = blankToNull(serial);
        model = blankToNull(model);
    }

    /**
     * Accepts {@code 00:1B:63:84:45:E6}, {@code 00-1b-63-84-45-e6} or {@code 001b638445e6}; anything else
     * is an {@link IllegalArgumentException} naming the value.
     */
    public static String normalizeMac(String raw) {
        String hex = raw.trim().replace(":", "").replace("-", "").replace(".", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 12 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a MAC address: '" + raw + "' (expected six hex bytes, e.g. 00:1b:63:84:45:e6)");
        }
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }

    /** Fills the absent parts of this identity from {@code other} (flags win over the system). */
    public MachineIdentity orElse(MachineIdentity other) {
        return new MachineIdentity(mac, serial != null ? serial : other.serial, model != null ? model : other.model);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
