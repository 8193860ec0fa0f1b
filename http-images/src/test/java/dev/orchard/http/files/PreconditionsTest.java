package dev.orchard.http.files;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PreconditionsTest {

    private final Instant modified = Instant.parse("2026-11-25T18:18:41.123456Z");
    private final FileVersion file = new FileVersion(100, modified, EntityTags.strong(7, 1, 100));
    private final String lastModified = HttpDates.format(file.modifiedSeconds());

    @Test
    void ifNoneMatchAndIfModifiedSinceGive304() {
        assertThat(Preconditions.evaluate(file, null, null, file.etag(), null))
                .isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
        assertThat(Preconditions.evaluate(file, null, null, "W/" + file.etag(), null))
                .isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
        assertThat(Preconditions.evaluate(file, null, null, "\"other\", *", null))
                .isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
        assertThat(Preconditions.evaluate(file, null, null, null, lastModified))
                .isEqualTo(Preconditions.Outcome.NOT_MODIFIED);
        assertThat(Preconditions.evaluate(file, null, null, "\"other\"", lastModified))
                .as("If-None-Match wins over If-Modified-Since").isEqualTo(Preconditions.Outcome.PROCEED);
        assertThat(Preconditions.evaluate(file, null, null, null, "Wed, 25 Nov 2026 18:18:40 GMT"))
                .isEqualTo(Preconditions.Outcome.PROCEED);
        assertThat(Preconditions.evaluate(file, null, null, null, "not a date"))
                .as("a bad date is ignored, never a 500").isEqualTo(Preconditions.Outcome.PROCEED);
    }

    @Test
    void ifMatchIsStrong() {
        assertThat(Preconditions.evaluate(file, file.etag(), null, null, null)).isEqualTo(Preconditions.Outcome.PROCEED);
        assertThat(Preconditions.evaluate(file, "W/" + file.etag(), null, null, null))
                .isEqualTo(Preconditions.Outcome.FAILED);
        assertThat(Preconditions.evaluate(file, null, "Wed, 25 Nov 2026 18:18:40 GMT", null, null))
                .isEqualTo(Preconditions.Outcome.FAILED);
    }

    @Test
    void ifRangeNeedsAnExactStrongValidator() {
        assertThat(Preconditions.rangeApplies(file, null)).isTrue();
        assertThat(Preconditions.rangeApplies(file, file.etag())).isTrue();
        assertThat(Preconditions.rangeApplies(file, "W/" + file.etag())).isFalse();
        assertThat(Preconditions.rangeApplies(file, "\"x\"")).isFalse();
        assertThat(Preconditions.rangeApplies(file, lastModified)).isTrue();
        assertThat(Preconditions.rangeApplies(file, "Wed, 25 Nov 2026 18:18:42 GMT")).isFalse();
        assertThat(Preconditions.rangeApplies(file, "garbage")).isFalse();
    }

    @Test
    void readsAllThreeDateFormats() {
        Instant t = Instant.parse("1994-11-06T08:49:37Z");
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(t);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(t);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).contains(t);
        assertThat(HttpDates.format(t)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
