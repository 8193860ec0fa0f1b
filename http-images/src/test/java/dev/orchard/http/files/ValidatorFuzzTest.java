package dev.orchard.http.files;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditional-request helpers on random and mutated values: {@link HttpDates} reads what it writes and
 * treats anything else as absent, {@link EntityTags} compares as RFC 9110 §8.8.3.2 says, and
 * {@link Preconditions} never throws and lets a Range apply only with an exact validator (§13.1.5).
 */
class ValidatorFuzzTest {

    private static final long YEAR_1900 = -2_208_988_800L;
    private static final long YEAR_9999_END = 253_402_300_799L;
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Property(tries = 2000)
    void datesReadBackInAllThreeFormats(@ForAll @LongRange(min = YEAR_1900, max = YEAR_9999_END) long seconds) {
        Instant t = Instant.ofEpochSecond(seconds);
        assertThat(HttpDates.parse(HttpDates.format(t))).contains(t);
        assertThat(HttpDates.parse(ASCTIME.format(t))).contains(t);
        int year = t.atZone(ZoneOffset.UTC).getYear();
        int now = Year.now(ZoneOffset.UTC).getValue();
        if (year > now - 50 && year <= now + 50) {
            assertThat(HttpDates.parse(RFC_850.format(t))).as("two-digit year within 50 years (§5.6.7)").contains(t);
        }
    }

    @Property(tries = 3000)
    void anythingElseIsAbsentNeverAnError(@ForAll("dateLike") String value) {
        assertThat(HttpDates.parse(value)).isNotNull();
        if (value != null && value.length() > 64) {
            assertThat(HttpDates.parse(value)).isEmpty();
        }
    }

    @Property(tries = 2000)
    void aTagMatchesItselfOnlyAsRfc9110Says(@ForAll("versions") FileVersion file,
                                           @ForAll("otherTags") List<String> candidates,
                                           @ForAll @IntRange(min = 0, max = 5) int at, @ForAll boolean weak) {
        String tag = file.etag();
        // junk may spell the file's own tag by chance ("1-0-0"): then it is not an other tag
        List<String> others = candidates.stream().filter(o -> !o.strip().replaceFirst("^W/", "").equals(tag)).toList();
        List<String> list = new ArrayList<>(others);
        list.add(Math.min(at, list.size()), (weak ? "W/" : "") + tag);
        String header = String.join(" ,\t", list);
        assertThat(EntityTags.strongEquals(tag, tag)).isTrue();
        assertThat(EntityTags.strongEquals("W/" + tag, tag)).isFalse();
        assertThat(EntityTags.weakListMatches(header, tag)).as("If-None-Match compares weakly").isTrue();
        assertThat(EntityTags.strongListMatches(header, tag)).as("If-Match compares strongly").isEqualTo(!weak);
        assertThat(EntityTags.weakListMatches(String.join(",", others), tag)).isFalse();
        assertThat(EntityTags.weakListMatches(String.join(",", others) + ", *", tag)).isTrue();
        assertThat(Preconditions.evaluate(file, null, null, header, "garbage"))
                .isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
        assertThat(Preconditions.evaluate(file, others.isEmpty() ? "\"x\"" : String.join(",", others), null, null,
                null)).isEqualTo(Preconditions.Outcome.FAILED);
    }

    @Property(tries = 2000)
    void ifRangeAppliesOnlyWithAnExactValidator(@ForAll("versions") FileVersion file,
                                                @ForAll("dateLike") String other,
                                                @ForAll @LongRange(min = 1, max = 100_000) long offBy) {
        String lastModified = HttpDates.format(file.modifiedSeconds());
        assertThat(Preconditions.rangeApplies(file, null)).isTrue();
        assertThat(Preconditions.rangeApplies(file, " " + file.etag() + " ")).isTrue();
        assertThat(Preconditions.rangeApplies(file, lastModified)).isTrue();
        assertThat(Preconditions.rangeApplies(file, "W/" + file.etag())).as("weak: never").isFalse();
        assertThat(Preconditions.rangeApplies(file, HttpDates.format(file.modifiedSeconds().plusSeconds(offBy))))
                .isFalse();
        assertThat(Preconditions.rangeApplies(file, HttpDates.format(file.modifiedSeconds().minusSeconds(offBy))))
                .isFalse();
        if (other != null && !other.strip().equals(file.etag()) && HttpDates.parse(other.strip()).isEmpty()) {
            assertThat(Preconditions.rangeApplies(file, other)).as("[%s]", other).isFalse();
        }
    }

    @Property(tries = 3000)
    void preconditionsNeverThrow(@ForAll("versions") FileVersion file, @ForAll("headerValues") String ifMatch,
                                 @ForAll("headerValues") String ifUnmodifiedSince,
                                 @ForAll("headerValues") String ifNoneMatch,
                                 @ForAll("headerValues") String ifModifiedSince) {
        assertThat(Preconditions.evaluate(file, ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince)).isNotNull();
        Preconditions.rangeApplies(file, ifNoneMatch);
        if (ifNoneMatch != null) {
            EntityTags.isTag(ifNoneMatch);
            EntityTags.strongListMatches(ifNoneMatch, file.etag());
        }
    }

    @Provide
    Arbitrary<FileVersion> versions() {
        Arbitrary<Long> inode = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 253_402_300_799_000_000L);
        Arbitrary<Long> size = Arbitraries.longs().between(0, 1L << 42);
        return Combinators.combine(inode, micros, size).as((i, m, s) -> new FileVersion(s,
                Instant.ofEpochSecond(m / 1_000_000, (m % 1_000_000) * 1000), EntityTags.strong(i, m, s)));
    }

    /** Tags that are not the file's: other strong tags from a disjoint inode range, weak ones, junk. */
    @Provide
    Arbitrary<List<String>> otherTags() {
        Arbitrary<String> strong = Arbitraries.longs().between(-1000, -1).map(i -> EntityTags.strong(i, 1, 2));
        Arbitrary<String> junk = Arbitraries.strings().withChars("\"W/abc019-").ofMaxLength(12)
                .filter(s -> !s.strip().equals("*") && !s.contains(","));
        return Arbitraries.oneOf(strong, strong.map(t -> "W/" + t), junk).list().ofMaxSize(5);
    }

    /** Valid dates in the three formats, their mutations, and arbitrary text. */
    @Provide
    Arbitrary<String> dateLike() {
        Arbitrary<Instant> t = Arbitraries.longs().between(YEAR_1900, YEAR_9999_END).map(Instant::ofEpochSecond);
        Arbitrary<String> valid = Arbitraries.oneOf(t.map(HttpDates::format), t.map(RFC_850::format),
                t.map(ASCTIME::format));
        Arbitrary<String> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 40),
                Arbitraries.chars().with(" ,-:0123456789GMTZ\u0000\u00ff".toCharArray()), Arbitraries.of(0, 1, 2))
                .as((s, at, c, how) -> {
                    int i = Math.min(at, s.length());
                    return switch (how) {
                        case 0 -> s.substring(0, i) + c + s.substring(i);
                        case 1 -> i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s;
                        default -> s.substring(0, i);
                    };
                });
        return Arbitraries.oneOf(valid, mutated, mutated, Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.of("Sun, 31 Feb 2026 00:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 UTC", "Sunday, 06-Nov-94",
                        "Sun Nov 6 08:49:37 1994", ", ", "a, ", "abc ", "Sun, 06 Nov 1994 24:00:00 GMT"))
                .injectNull(0.02);
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(dateLike(), otherTags().map(l -> String.join(",", l)),
                Arbitraries.strings().withChars("\"W/*, \t-0123456789abcdef").ofMaxLength(40)).injectNull(0.3);
    }
}
