package dev.orchard.agent.transfer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseHeadTest {

    private static ResponseHead parse(String head) throws MalformedResponseException {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return ResponseHead.parse(bytes, bytes.length);
    }

    @Test
    void readsStatusLengthRangeAndETagCaseInsensitively() throws Exception {
        ResponseHead head = parse("HTTP/1.1 206 Partial Content\r\ncontent-RANGE: bytes 4194304-8388607/268435456\r\n"
                + "Content-Length: 4194304\r\nETag: \"5f3a-100\"\r\nbogus line\r\n\r\n");

        assertThat(head.status()).isEqualTo(206);
        assertThat(head.contentLength()).isEqualTo(4194304L);
        assertThat(head.contentRangeStart()).isEqualTo(4194304L);
        assertThat(head.header("etag")).isEqualTo("\"5f3a-100\"");
        assertThat(head.chunked()).isFalse();
    }

    @Test
    void findsTheEndOfTheHead() {
        byte[] b = "HTTP/1.1 200 OK\r\nA: b\r\n\r\nBODY".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(ResponseHead.endOfHead(b, b.length)).isEqualTo(b.length - 4);
        assertThat(ResponseHead.endOfHead(b, 20)).isEqualTo(-1);
    }

    @Test
    void missingOrBadNumbersAreMinusOneNotACrash() throws Exception {
        ResponseHead head = parse("HTTP/1.0 200 OK\r\nContent-Length: lots\r\nContent-Range: items 1-2/3\r\nTransfer-Encoding: chunked\r\n\r\n");

        assertThat(head.contentLength()).isEqualTo(-1);
        assertThat(head.contentRangeStart()).isEqualTo(-1);
        assertThat(head.chunked()).isTrue();
    }

    @Test
    void aNonHttpAnswerIsMalformed() {
        assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH_9.2\r\n\r\n")).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("not an HTTP/1.x status line");
        assertThatThrownBy(() -> parse("HTTP/1.1 abc\r\n\r\n")).hasMessageContaining("no status code");
    }

    @Test
    void chunkedBodiesAreDecodedAndBrokenOnesRejected() throws Exception {
        byte[] raw = "4;ext=1\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(new String(Chunked.decode(raw), StandardCharsets.ISO_8859_1)).isEqualTo("Wikipedia in \r\n\r\nchunks.");
        assertThatThrownBy(() -> Chunked.decode("zz\r\n".getBytes(StandardCharsets.ISO_8859_1))).hasMessageContaining("bad chunk size");
        assertThatThrownBy(() -> Chunked.decode("10\r\nshort".getBytes(StandardCharsets.ISO_8859_1))).hasMessageContaining("inside a chunk");
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.delay(1).toMillis()).isBetween(80L, 120L);
            assertThat(backoff.delay(3).toMillis()).isBetween(320L, 480L);
            assertThat(backoff.delay(40).toMillis()).isBetween(800L, 1200L);
        }
    }

    @Test
    void retryabilityFollowsTheStatus() {
        assertThat(Retries.retryable(new HttpStatusException(503, "x"))).isTrue();
        assertThat(Retries.retryable(new HttpStatusException(429, "x"))).isTrue();
        assertThat(Retries.retryable(new HttpStatusException(404, "x"))).isFalse();
        assertThat(Retries.retryable(new ResourceChangedException("x"))).isFalse();
        assertThat(Retries.retryable(new java.io.EOFException("x"))).isTrue();
    }
}
