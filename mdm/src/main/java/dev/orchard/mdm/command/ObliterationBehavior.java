package dev.orchard.mdm.command;

/**
 * {@code EraseDevice}'s {@code ObliterationBehavior} (macOS 12 and later): what a Mac with Apple silicon or a
 * T2 chip does when Erase All Content and Settings (EACS) cannot run. Apple's rangelist and meanings, from
 * apple/device-management {@code mdm/commands/device.erase.yaml}:
 * <ul>
 *   <li>{@link #DEFAULT}: preflight fails → {@code Error} status, then the Mac obliterates itself anyway;</li>
 *   <li>{@link #DO_NOT_OBLITERATE}: preflight fails → {@code Error}, nothing is erased;</li>
 *   <li>{@link #OBLITERATE_WITH_WARNING}: preflight fails → {@code Acknowledged}, then obliteration;</li>
 *   <li>{@link #ALWAYS}: EACS is not tried, the Mac always obliterates.</li>
 * </ul>
 */
public enum ObliterationBehavior {
    DEFAULT("Default"),
    DO_NOT_OBLITERATE("DoNotObliterate"),
    OBLITERATE_WITH_WARNING("ObliterateWithWarning"),
    ALWAYS("Always");

    private final String plistValue;

    ObliterationBehavior(String plistValue) {
        this.plistValue = plistValue;
    }

    /** The value as Apple spells it in the plist. */
    public String plistValue() {
        return plistValue;
    }

    /** Apple's spelling ({@code DoNotObliterate}), exactly; anything else is refused with the allowed values. */
    public static ObliterationBehavior of(String plistValue) {
        for (ObliterationBehavior b : values()) {
            if (b.plistValue.equals(plistValue)) {
                return b;
            }
        }
        throw new IllegalArgumentException("'" + plistValue + "' is not an ObliterationBehavior; Apple's values are"
                + " Default, DoNotObliterate, ObliterateWithWarning, Always");
    }
}
