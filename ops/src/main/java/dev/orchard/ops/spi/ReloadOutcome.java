package dev.orchard.ops.spi;

import java.util.Locale;

/** How a reload ended; the closed set of values of the {@code result} tag of the reload counter. */
public enum ReloadOutcome {
    /** A new configuration was validated and is now serving. */
    APPLIED,
    /** The files did not change (same digest); nothing was swapped. */
    UNCHANGED,
    /** The new configuration has errors; the previous one keeps serving. */
    REJECTED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
