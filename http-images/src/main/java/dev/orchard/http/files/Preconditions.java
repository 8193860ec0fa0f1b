package dev.orchard.http.files;

import java.time.Instant;
import java.util.Optional;

/**
 * Evaluates conditional requests for GET and HEAD in the order of RFC 9110 §13.2.2, then decides whether
 * the Range applies (If-Range, §13.1.5).
 */
public final class Preconditions {

    /** The outcome before any Range is looked at. */
    public enum Outcome {
        /** Go on: serve 200 or 206. */
        PROCEED,
        /** 304 Not Modified (If-None-Match matched, or not modified since). */
        NOT_MODIFIED,
        /** 412 Precondition Failed (If-Match or If-Unmodified-Since failed). */
        FAILED
    }

    private Preconditions() {
    }

    /**
     * @param ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince the raw header values or null
     */
    public static Outcome evaluate(FileVersion file, String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
                                   String ifModifiedSince) {
        if (ifMatch != null) {
            if (!EntityTags.strongListMatches(ifMatch, file.etag())) {
                return Outcome.FAILED;
            }
        } else if (ifUnmodifiedSince != null) {
            Optional<Instant> date = HttpDates.parse(ifUnmodifiedSince);
            if (date.isPresent() && file.modifiedSeconds().isAfter(date.get())) {
                return Outcome.FAILED;
            }
        }
        if (ifNoneMatch != null) {
            return EntityTags.weakListMatches(ifNoneMatch, file.etag()) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        if (ifModifiedSince != null) {
            Optional<Instant> date = HttpDates.parse(ifModifiedSince);
            if (date.isPresent() && !file.modifiedSeconds().isAfter(date.get())) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * If-Range (§13.1.5): the Range applies only when the validator matches exactly — a strong tag, or a date
     * equal to Last-Modified. Without If-Range the Range applies. A weak tag or an unparsable date never
     * matches, so the whole representation is sent.
     */
    public static boolean rangeApplies(FileVersion file, String ifRange) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        if (EntityTags.isTag(v)) {
            return EntityTags.strongEquals(v, file.etag());
        }
        return HttpDates.parse(v).map(d -> d.equals(file.modifiedSeconds())).orElse(false);
    }
}
