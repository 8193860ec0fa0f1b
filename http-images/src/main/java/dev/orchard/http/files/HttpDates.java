package dev.orchard.http.files;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate, read in all three formats a recipient must accept.
 * A date that does not parse is treated as absent: the header is ignored, never a 500 (unlike Netty's
 * static-file example).
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    // the day name is skipped when reading: it is redundant, and a two-digit year makes it unverifiable
    private static final DateTimeFormatter IMF_FIXDATE_NO_DAY =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final DateTimeFormatter RFC_850_NO_DAY =
            DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final DateTimeFormatter ASCTIME_NO_DAY =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private HttpDates() {
    }

    /** IMF-fixdate, whole seconds. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** Parses an HTTP date, or empty when it is not one. */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.length() > 64) {
            return Optional.empty();
        }
        String v = value.strip();
        int comma = v.indexOf(", ");
        try {
            if (comma > 0) {
                String rest = v.substring(comma + 2);
                if (rest.indexOf('-') == 2) {
                    LocalDateTime t = LocalDateTime.parse(rest, RFC_850_NO_DAY);
                    // §5.6.7: a two-digit year more than 50 years in the future is in the past century
                    if (t.getYear() > Year.now(ZoneOffset.UTC).getValue() + 50) {
                        t = t.minusYears(100);
                    }
                    return Optional.of(t.toInstant(ZoneOffset.UTC));
                }
                return Optional.of(LocalDateTime.parse(rest, IMF_FIXDATE_NO_DAY).toInstant(ZoneOffset.UTC));
            }
            if (v.length() > 4 && v.charAt(3) == ' ') {
                return Optional.of(LocalDateTime.parse(v.substring(4), ASCTIME_NO_DAY).toInstant(ZoneOffset.UTC));
            }
        } catch (DateTimeParseException ignored) {
            // not a date: the header is ignored
        }
        return Optional.empty();
    }
}
