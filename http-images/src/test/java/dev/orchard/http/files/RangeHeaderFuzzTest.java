package dev.orchard.http.files;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RangeHeader#parse} on random, structured and mutated headers: only the documented answers, never an
 * exception, and every range it hands to the file writer lies inside the file.
 */
class RangeHeaderFuzzTest {

    @Property(tries = 3000)
    void anyHeaderGetsADocumentedAnswer(@ForAll("headers") String header, @ForAll("lengths") long length,
                                        @ForAll @IntRange(min = 1, max = 20) int maxRanges) {
        RangeRequest r = RangeHeader.parse(header, length, maxRanges);
        assertThat(r).isNotNull();
        boolean bytesUnit = header != null && header.regionMatches(true, 0, "bytes=", 0, 6);
        if (!bytesUnit || header.substring(6).isBlank()) {
            assertThat(r).as("no byte-range set: ignored (RFC 9110 §14.2)")
                    .isEqualTo(new RangeRequest.Whole(RangeRequest.Reason.NOT_REQUESTED));
        }
        if (r instanceof RangeRequest.Whole whole && whole.reason() == RangeRequest.Reason.AMPLIFICATION) {
            assertThat(header.split(",", -1).length).as("only a set of several ranges is refused as amplification")
                    .isGreaterThan(1);
        }
        if (r instanceof RangeRequest.Partial p) {
            assertInside(p.ranges(), length, maxRanges);
        }
    }

    @Property(tries = 2000)
    void wellFormedSetsAreServedWithoutLosingOrAddingAByte(@ForAll("specLists") List<String> specs,
                                                         @ForAll @LongRange(min = 0, max = 5000) long length,
                                                         @ForAll @IntRange(min = 1, max = 20) int maxRanges) {
        RangeRequest r = RangeHeader.parse("bytes=" + String.join(",", specs), length, maxRanges);
        if (specs.size() > 4 * maxRanges) {
            assertThat(r).as("absurd counts are not even parsed")
                    .isEqualTo(new RangeRequest.Whole(RangeRequest.Reason.AMPLIFICATION));
            return;
        }
        List<ByteRange> wanted = new ArrayList<>();
        for (String spec : specs) {
            ByteRange b = resolve(spec, length);
            if (b != null) {
                wanted.add(b);
            }
        }
        if (wanted.isEmpty()) {
            assertThat(r).as("nothing satisfiable: 416").isInstanceOf(RangeRequest.Unsatisfiable.class);
            return;
        }
        assertThat(r).as("a well-formed set with a satisfiable range is never 416")
                .isNotInstanceOf(RangeRequest.Unsatisfiable.class);
        if (r instanceof RangeRequest.Partial p) {
            assertInside(p.ranges(), length, maxRanges);
            assertThat(union(p.ranges())).as("coalescing keeps exactly the requested bytes").isEqualTo(union(wanted));
        } else {
            assertThat(specs).as("a single satisfiable range is always honoured").hasSizeGreaterThan(1);
        }
    }

    @Property(tries = 2000)
    void aValidSingleRangeIsServedExactly(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long length,
                                          @ForAll("fractions") double a, @ForAll("fractions") double b,
                                          @ForAll boolean upperCase, @ForAll boolean blanks) {
        long first = Math.min(length - 1, (long) (a * (length - 1))); // the double may round up near 2^63
        long last = Math.max(first, Math.min(length - 1, (long) (b * (length - 1))));
        String sp = blanks ? " " : "";
        String unit = upperCase ? "BYTES=" : "bytes=";
        RangeRequest r = RangeHeader.parse(unit + sp + first + sp + "-" + sp + last + sp, length, 1);
        assertThat(r).isEqualTo(new RangeRequest.Partial(List.of(new ByteRange(first, last))));
        assertThat(RangeHeader.parse("bytes=" + first + "-", length, 1))
                .isEqualTo(new RangeRequest.Partial(List.of(new ByteRange(first, length - 1))));
        long suffix = last - first + 1;
        assertThat(RangeHeader.parse("bytes=-" + suffix, length, 1))
                .isEqualTo(new RangeRequest.Partial(List.of(new ByteRange(length - suffix, length - 1))));
        assertThat(RangeHeader.parse("bytes=" + length + "-", length, 1)).as("starts at the end")
                .isInstanceOf(RangeRequest.Unsatisfiable.class);
    }

    private static void assertInside(List<ByteRange> ranges, long length, int maxRanges) {
        assertThat(ranges).isNotEmpty().hasSizeLessThanOrEqualTo(maxRanges);
        long total = 0;
        for (ByteRange b : ranges) {
            assertThat(b.first()).isNotNegative().isLessThanOrEqualTo(b.last());
            assertThat(b.last()).isLessThan(length);
            total += b.length();
        }
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(ByteRange::first));
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).first()).as("no two ranges overlap").isGreaterThan(sorted.get(i - 1).last());
        }
        if (ranges.size() > 1) {
            assertThat(total).as("a multi-range answer never sends more than the file").isLessThanOrEqualTo(length);
        }
    }

    /** The satisfiable part of one well-formed spec, written independently of the parser (RFC 9110 §14.1.2). */
    private static ByteRange resolve(String spec, long length) {
        String s = spec.strip();
        int dash = s.indexOf('-');
        String a = s.substring(0, dash).strip();
        String b = s.substring(dash + 1).strip();
        if (a.isEmpty()) {
            long n = Long.parseLong(b);
            return n == 0 || length == 0 ? null : new ByteRange(Math.max(0, length - n), length - 1);
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
        return first >= length ? null : new ByteRange(first, last);
    }

    /** The bytes covered, as sorted disjoint intervals with touching ones joined. */
    private static List<ByteRange> union(List<ByteRange> ranges) {
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(ByteRange::first));
        List<ByteRange> out = new ArrayList<>();
        for (ByteRange r : sorted) {
            ByteRange lastOne = out.isEmpty() ? null : out.get(out.size() - 1);
            if (lastOne != null && r.first() <= lastOne.last() + 1) {
                out.set(out.size() - 1, new ByteRange(lastOne.first(), Math.max(lastOne.last(), r.last())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    @Provide
    Arbitrary<Long> lengths() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 300), Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(0L, 1L, Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 32));
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), Arbitraries.of(0.0, 1.0));
    }

    /** Well-formed specs: {@code a-b} with a ≤ b, {@code a-}, {@code -n}, numbers small or near the limits. */
    @Provide
    Arbitrary<List<String>> specLists() {
        Arbitrary<Long> n = Arbitraries.oneOf(Arbitraries.longs().between(0, 6000),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<String> blank = Arbitraries.of("", "", " ", "\t");
        Arbitrary<String> closed = Combinators.combine(n, n, blank)
                .as((x, y, s) -> s + Math.min(x, y) + s + "-" + s + Math.max(x, y) + s);
        Arbitrary<String> open = Combinators.combine(n, blank).as((x, s) -> s + x + "-" + s);
        Arbitrary<String> suffix = Combinators.combine(n, blank).as((x, s) -> s + "-" + x + s);
        return Arbitraries.oneOf(closed, closed, open, suffix).list().ofMinSize(1).ofMaxSize(30);
    }

    /** Random text over the header's alphabet, structured sets, their mutations, and arbitrary strings. */
    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> alphabet = Arbitraries.strings().withChars("bytes=BYTES0123456789-, \t;x").ofMaxLength(60)
                .map(s -> (s.length() % 2 == 0 ? "bytes=" : "") + s);
        Arbitrary<String> structured = specLists().map(l -> "bytes=" + String.join(",", l));
        Arbitrary<String> mutated = Combinators.combine(structured, Arbitraries.integers().between(0, 1000),
                Arbitraries.chars().with("-,= \t0x\u0000\u00e9".toCharArray()), Arbitraries.integers().between(0, 3))
                .as(RangeHeaderFuzzTest::mutate);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> edges = Arbitraries.of("bytes=", "bytes= ", "BYTES=0-0", "bytes=-", "bytes=--",
                "bytes=0--1", "bytes=,", "bytes=9223372036854775807-9223372036854775807",
                "bytes=-9223372036854775808", "bytes=18446744073709551615-", "bytes=" + "0-0,".repeat(200) + "0-0");
        return Arbitraries.oneOf(alphabet, structured, mutated, mutated, anything, edges).injectNull(0.02);
    }

    private static String mutate(String s, int at, char c, int how) {
        int i = at % (s.length() + 1);
        return switch (how) {
            case 0 -> s.substring(0, i) + c + s.substring(i);
            case 1 -> i < s.length() ? s.substring(0, i) + c + s.substring(i + 1) : s + c;
            case 2 -> i < s.length() ? s.substring(0, i) + s.substring(i + 1) : s.toLowerCase(Locale.ROOT);
            default -> s.substring(0, i);
        };
    }
}
