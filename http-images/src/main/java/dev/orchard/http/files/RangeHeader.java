package dev.orchard.http.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses a {@code Range} header (RFC 9110 §14.1.2, §14.2) for a representation of a known length.
 * <p>Syntax follows nginx 1.22 so that the status, {@code Content-Range} and {@code Content-Length} of our
 * answers match nginx's (tftp-hpa reference §4.3): the unit is case-insensitive, blanks around numbers are
 * tolerated, an empty set is ignored (200) and any other malformed spec, {@code last < first}, or a number
 * beyond 63 bits is answered 416. Specs that start beyond the end are dropped; when none is left, 416.
 * <p>Our policy against range amplification (RFC 9110 §17.15) goes further than nginx: overlapping ranges are
 * coalesced, more than {@code maxRanges} ranges or more than two out of ascending order are ignored (200),
 * and a set asking for more bytes than the file holds is ignored (200) as nginx does.
 */
public final class RangeHeader {

    private static final String UNIT = "bytes=";

    private RangeHeader() {
    }

    /**
     * @param header    the Range value, or null when absent
     * @param length    the representation's length in bytes
     * @param maxRanges the most ranges honoured in one request (at least 1)
     */
    public static RangeRequest parse(String header, long length, int maxRanges) {
        if (header == null || header.length() < UNIT.length()
                || !header.regionMatches(true, 0, UNIT, 0, UNIT.length())) {
            return new RangeRequest.Whole(RangeRequest.Reason.NOT_REQUESTED);
        }
        String set = header.substring(UNIT.length());
        if (set.isBlank()) {
            return new RangeRequest.Whole(RangeRequest.Reason.NOT_REQUESTED);
        }
        String[] specs = set.split(",", -1);
        // parsing stops early on absurd counts: the answer is 200 anyway and the work stays bounded
        if (specs.length > Math.max(maxRanges, 1) * 4) {
            return new RangeRequest.Whole(RangeRequest.Reason.AMPLIFICATION);
        }
        List<ByteRange> ranges = new ArrayList<>(specs.length);
        for (String spec : specs) {
            Spec parsed = Spec.parse(spec);
            if (parsed == null) {
                return new RangeRequest.Unsatisfiable();
            }
            ByteRange resolved = parsed.resolve(length);
            if (resolved != null) {
                ranges.add(resolved);
            }
        }
        if (ranges.isEmpty()) {
            return new RangeRequest.Unsatisfiable();
        }
        return RangeHeader.applyPolicy(ranges, length, maxRanges);
    }

    static RangeRequest applyPolicy(List<ByteRange> ranges, long length, int maxRanges) {
        if (ranges.size() == 1) {
            return new RangeRequest.Partial(ranges);
        }
        long requested = 0;
        for (ByteRange r : ranges) {
            requested += r.length(); // each <= length < 2^63, at most 4*maxRanges of them: no overflow in practice
            if (requested > length || requested < 0) {
                return new RangeRequest.Whole(RangeRequest.Reason.AMPLIFICATION);
            }
        }
        boolean ascending = true;
        boolean overlapping = false;
        for (int i = 1; i < ranges.size(); i++) {
            ascending &= ranges.get(i - 1).first() <= ranges.get(i).first();
        }
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(ByteRange::first));
        for (int i = 1; i < sorted.size(); i++) {
            overlapping |= sorted.get(i - 1).overlaps(sorted.get(i));
        }
        if (!ascending && ranges.size() > 2) {
            return new RangeRequest.Whole(RangeRequest.Reason.AMPLIFICATION);
        }
        List<ByteRange> result = overlapping ? coalesce(sorted) : ranges;
        if (result.size() > maxRanges) {
            return new RangeRequest.Whole(RangeRequest.Reason.AMPLIFICATION);
        }
        return new RangeRequest.Partial(result);
    }

    /** Merges overlapping ranges of a list sorted by start (RFC 9110 §14.2 allows it). */
    private static List<ByteRange> coalesce(List<ByteRange> sorted) {
        List<ByteRange> out = new ArrayList<>();
        ByteRange current = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            ByteRange next = sorted.get(i);
            if (current.overlaps(next)) {
                current = new ByteRange(current.first(), Math.max(current.last(), next.last()));
            } else {
                out.add(current);
                current = next;
            }
        }
        out.add(current);
        return out;
    }

    /** One {@code first-last}, {@code first-} or {@code -suffix} spec; {@code -1} marks an absent number. */
    private record Spec(long first, long last, long suffix) {

        static Spec parse(String raw) {
            String s = raw.strip();
            int dash = s.indexOf('-');
            if (dash < 0 || s.indexOf('-', dash + 1) >= 0) {
                return null;
            }
            String a = s.substring(0, dash).strip();
            String b = s.substring(dash + 1).strip();
            if (a.isEmpty()) {
                long suffix = number(b);
                return suffix < 0 ? null : new Spec(-1, -1, suffix);
            }
            long first = number(a);
            if (first < 0) {
                return null;
            }
            if (b.isEmpty()) {
                return new Spec(first, -1, -1);
            }
            long last = number(b);
            if (last < 0 || last < first) {
                return null;
            }
            return new Spec(first, last, -1);
        }

        /** A non-negative decimal fitting in 63 bits, or -1. */
        private static long number(String digits) {
            if (digits.isEmpty() || digits.length() > 19) {
                return -1;
            }
            long v = 0;
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
                if (v < 0) {
                    return -1;
                }
            }
            return v;
        }

        /** The satisfiable part of this spec for {@code length} bytes, or null (RFC 9110 §14.1.2). */
        ByteRange resolve(long length) {
            if (first < 0) {
                if (suffix == 0 || length == 0) {
                    return null;
                }
                return new ByteRange(Math.max(0, length - suffix), length - 1);
            }
            if (first >= length) {
                return null;
            }
            long end = last < 0 ? length - 1 : Math.min(last, length - 1);
            return new ByteRange(first, end);
        }
    }
}
