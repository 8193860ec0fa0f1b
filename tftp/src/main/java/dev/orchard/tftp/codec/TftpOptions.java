package dev.orchard.tftp.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Option name/value pairs of an RRQ, WRQ or OACK (RFC 2347), in the order sent. Names are
 * case-insensitive on the wire and stored lower-cased; values are kept as sent.
 */
public record TftpOptions(Map<String, String> values) {

    /** No options. */
    public static final TftpOptions NONE = new TftpOptions(Map.of());

    public static final String BLKSIZE = "blksize";
    public static final String TIMEOUT = "timeout";
    public static final String TSIZE = "tsize";
    public static final String WINDOWSIZE = "windowsize";

    public TftpOptions {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (copy.put(name, java.util.Objects.requireNonNull(v, "value")) != null) {
                throw new IllegalArgumentException("option given twice: " + name);
            }
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** Options from alternating names and values: {@code of("blksize", "1468", "tsize", "0")}. */
    public static TftpOptions of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate");
        }
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new TftpOptions(m);
    }

    /** The value of an option, looked up case-insensitively. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * An option value as a non-negative decimal of at most {@code maxDigits} digits, else -1. Bounded on
     * purpose: "99999999999999999999", "1e3", " 1468", "-1" and "1468abc" are all -1.
     */
    public static long decimal(String value, int maxDigits) {
        if (value.isEmpty() || value.length() > maxDigits) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
