package dev.orchard.http.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RangeHeaderTest {

    private static final long LEN = 104_857_600L;

    /**
     * Single-range answers of nginx 1.22.1 for a 100 MiB file (measured, see docs/http.md): the request, then
     * the status we must give and the Content-Range of a 206.
     */
    @ParameterizedTest(name = "[{0}] -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "bytes=0-0                    | 206 | 0-0",
            "bytes=-0                     | 416 | ",
            "bytes=-1                     | 206 | 104857599-104857599",
            "bytes=5-1                    | 416 | ",
            "bytes=104857600-             | 416 | ",
            "bytes=0-104857700            | 206 | 0-104857599",
            "bytes=18446744073709551615-  | 416 | ",
            "bytes=-99999999999999999999  | 416 | ",
            "bytes=                       | 200 | ",
            "bytes=0-1x                   | 416 | ",
            "'bytes= 0-1'                 | 206 | 0-1",
            "'bytes=0-1 '                 | 206 | 0-1",
            "'bytes=0 -1'                 | 206 | 0-1",
            "'bytes=0-1,,2-3'             | 416 | ",
            "'bytes=0-1,x'                | 416 | ",
            "'bytes=,0-1'                 | 416 | ",
            "'bytes=0-1,'                 | 416 | ",
            "bytes=104857599-             | 206 | 104857599-104857599",
            "bytes=-104857600             | 206 | 0-104857599",
            "bytes=-104857601             | 206 | 0-104857599",
            "'bytes=104857600-104857700,0-1' | 206 | 0-1",
            "items=0-1                    | 200 | ",
            "bytes0-1                     | 200 | ",
            "'bytes =0-1'                 | 200 | ",
            "BYTES=0-1                    | 206 | 0-1",
            "bytes=9223372036854775807-   | 416 | ",
            "bytes=9223372036854775808-   | 416 | ",
            "bytes=0--1                   | 416 | ",
    })
    void singleRangesMatchNginx(String header, int status, String contentRange) {
        RangeRequest r = RangeHeader.parse(header, LEN, 16);
        switch (status) {
            case 200 -> assertThat(r).isInstanceOf(RangeRequest.Whole.class);
            case 416 -> assertThat(r).isInstanceOf(RangeRequest.Unsatisfiable.class);
            default -> {
                assertThat(r).isInstanceOf(RangeRequest.Partial.class);
                RangeRequest.Partial p = (RangeRequest.Partial) r;
                assertThat(p.single()).isTrue();
                assertThat(p.ranges().get(0).contentRange(LEN)).isEqualTo("bytes " + contentRange + "/" + LEN);
            }
        }
    }

    @Test
    void disjointAscendingRangesStayAsAsked() {
        RangeRequest r = RangeHeader.parse("bytes=0-9,100-109", LEN, 16);
        assertThat(((RangeRequest.Partial) r).ranges())
                .containsExactly(new ByteRange(0, 9), new ByteRange(100, 109));
    }

    @Test
    void twoDescendingRangesAreServedInTheirOrderLikeNginx() {
        RangeRequest r = RangeHeader.parse("bytes=100-109,0-9", LEN, 16);
        assertThat(((RangeRequest.Partial) r).ranges())
                .containsExactly(new ByteRange(100, 109), new ByteRange(0, 9));
    }

    @Test
    void overlappingRangesAreCoalesced() {
        RangeRequest r = RangeHeader.parse("bytes=0-9,5-14,14-20,30-39", LEN, 16);
        assertThat(((RangeRequest.Partial) r).ranges())
                .containsExactly(new ByteRange(0, 20), new ByteRange(30, 39));
        RangeRequest same = RangeHeader.parse("bytes=0-9,0-9", LEN, 16);
        assertThat(((RangeRequest.Partial) same).ranges()).containsExactly(new ByteRange(0, 9));
    }

    @Test
    void manySmallRangesAreIgnoredNotAmplified() {
        StringBuilder h = new StringBuilder("bytes=0-0");
        for (int i = 1; i < 1000; i++) {
            h.append(',').append(i * 2).append('-').append(i * 2);
        }
        assertThat(RangeHeader.parse(h.toString(), LEN, 16))
                .isEqualTo(new RangeRequest.Whole(RangeRequest.Reason.AMPLIFICATION));
        assertThat(RangeHeader.parse("bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16,18-18,20-20,22-22,24-24,"
                + "26-26,28-28,30-30,32-32", LEN, 16)).isInstanceOf(RangeRequest.Whole.class);
    }

    @Test
    void threeOrMoreRangesOutOfOrderAreIgnored() {
        assertThat(RangeHeader.parse("bytes=20-29,10-19,0-9", LEN, 16))
                .isEqualTo(new RangeRequest.Whole(RangeRequest.Reason.AMPLIFICATION));
    }

    @Test
    void rangesAskingForMoreThanTheFileAreIgnoredLikeNginx() {
        // each range alone is fine; together they ask for 1.5x the file
        assertThat(RangeHeader.parse("bytes=0-99,50-", 100, 16))
                .isEqualTo(new RangeRequest.Whole(RangeRequest.Reason.AMPLIFICATION));
        assertThat(RangeHeader.parse("bytes=-60,-60", 100, 16)).isInstanceOf(RangeRequest.Whole.class);
    }

    @Test
    void emptyFileHasNoSatisfiableRange() {
        assertThat(RangeHeader.parse("bytes=0-", 0, 16)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeHeader.parse("bytes=-5", 0, 16)).isInstanceOf(RangeRequest.Unsatisfiable.class);
    }

    @Test
    void sixtyFourBitOffsets() {
        long big = 5L << 32;
        RangeRequest r = RangeHeader.parse("bytes=" + (big - 10) + "-", big, 16);
        assertThat(((RangeRequest.Partial) r).ranges()).isEqualTo(List.of(new ByteRange(big - 10, big - 1)));
    }
}
