package dev.orchard.agent.identity;

import dev.orchard.mac.MacAddress;

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
     * The canonical form ({@code 00:1b:63:84:45:e6}) of any form of the project's one MAC grammar
     * ({@link MacAddress}, docs/config.md "MAC addresses"); anything else is an
     * {@link IllegalArgumentException} naming the value and the accepted forms.
     */
    public static String normalizeMac(String raw) {
        return MacAddress.canonical(raw);
    }

    /** Fills the absent parts of this identity from {@code other} (flags win over the system). */
    public MachineIdentity orElse(MachineIdentity other) {
        return new MachineIdentity(mac, serial != null ? serial : other.serial, model != null ? model : other.model);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
