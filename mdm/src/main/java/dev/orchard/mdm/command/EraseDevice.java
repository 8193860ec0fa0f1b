package dev.orchard.mdm.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code EraseDevice} (apple/device-management {@code mdm/commands/device.erase.yaml}). On macOS 12 and later a
 * Mac with Apple silicon or a T2 chip runs Erase All Content and Settings, falling back as
 * {@code ObliterationBehavior} says; an Intel Mac without T2 erases its volume and locks with the Find My
 * {@code PIN}, which only those Macs need (macOS 10.8+).
 *
 * <p>{@code PreserveDataPlan} (iOS 11+), {@code DisallowProximitySetup} (iOS 11.3+) and {@code ReturnToService}
 * (iOS 17+, tvOS 18+) are "introduced: n/a" for macOS in Apple's schema; they are written only when set, and
 * {@link #forMac()} tells whether a command uses only keys a Mac knows. Optional keys left at Apple's default
 * are not written.
 *
 * @param pin                    six ASCII digits, or empty
 * @param obliterationBehavior   empty: the Mac's default ({@code Default})
 * @param preserveDataPlan       iPhone/iPad eSIM data plan (not a Mac key)
 * @param disallowProximitySetup skip Proximity Setup (not a Mac key)
 */
public record EraseDevice(Optional<String> pin, Optional<ObliterationBehavior> obliterationBehavior,
                          boolean preserveDataPlan, boolean disallowProximitySetup) implements MdmCommand {

    public EraseDevice {
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(obliterationBehavior, "obliterationBehavior");
        pin.ifPresent(EraseDevice::checkPin);
    }

    /** Erase a Mac with Apple silicon or T2 (EACS), with this fallback and no PIN. */
    public static EraseDevice eacs(ObliterationBehavior fallback) {
        return new EraseDevice(Optional.empty(), Optional.of(fallback), false, false);
    }

    @Override
    public String requestType() {
        return "EraseDevice";
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        pin.ifPresent(p -> f.put("PIN", p));
        obliterationBehavior.ifPresent(b -> f.put("ObliterationBehavior", b.plistValue()));
        if (preserveDataPlan) {
            f.put("PreserveDataPlan", true);
        }
        if (disallowProximitySetup) {
            f.put("DisallowProximitySetup", true);
        }
        return f;
    }

    /** True when every key written is one macOS knows (Apple's schema: PIN and ObliterationBehavior). */
    public boolean forMac() {
        return !preserveDataPlan && !disallowProximitySetup;
    }

    /** Find My's PIN is six characters (Apple's schema); Macs show a numeric keypad, so six ASCII digits. */
    private static void checkPin(String pin) {
        if (pin.length() != 6 || !pin.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the EraseDevice PIN must be six digits (0-9)");
        }
    }
}
