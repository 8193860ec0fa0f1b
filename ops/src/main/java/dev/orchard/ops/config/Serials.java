package dev.orchard.ops.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Hardware serial numbers: upper-cased at load, letters and digits only, as Apple prints them. */
public final class Serials {

    private static final Pattern SERIAL = Pattern.compile("[A-Z0-9]{4,32}");

    private Serials() {
    }

    public static String normalize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (!SERIAL.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a serial number (4 to 32 letters and digits,"
                    + " e.g. C02XK0AAJG5J)");
        }
        return s;
    }
}
