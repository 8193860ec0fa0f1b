package dev.orchard.agent.cli;

import java.time.Duration;
import java.util.Locale;

/** Parses option values (durations, sizes, enums) with messages that say what is valid. */
final class Values {

    private Values() {
    }

    /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, or a plain number of seconds. */
    static Duration duration(String option, String value) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.replaceAll("[smh]$", ""));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return switch (v.charAt(v.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (RuntimeException e) {
            throw new UsageException(option + ": '" + value + "' is not a duration; examples: 500ms, 30s, 5m");
        }
    }

    /** {@code 4MiB}, {@code 512KiB}, {@code 1m}, or a plain number of bytes. */
    static int size(String option, String value) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        try {
            long factor = 1;
            if (v.endsWith("k")) {
                factor = 1024;
            } else if (v.endsWith("m")) {
                factor = 1024 * 1024;
            }
            long n = Long.parseLong(factor == 1 ? v : v.substring(0, v.length() - 1)) * factor;
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (RuntimeException e) {
            throw new UsageException(option + ": '" + value + "' is not a size; examples: 4MiB, 512KiB, 1048576");
        }
    }

    static int integer(String option, String value, int min) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + value + "' is not a whole number >= " + min);
        }
    }

    static <E extends Enum<E>> E choice(String option, String value, Class<E> type) throws UsageException {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder valid = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                valid.append(valid.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new UsageException(option + ": '" + value + "' is not one of " + valid);
        }
    }
}
