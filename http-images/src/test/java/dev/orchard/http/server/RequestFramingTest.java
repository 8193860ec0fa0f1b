package dev.orchard.http.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framing rules on their own, without Netty's decoder in front (which refuses most of these first: a
 * Netty upgrade that relaxed it must not open a hole), and the one case Netty 4.2 lets through.
 */
class RequestFramingTest {

    /** {@code name: value} pairs separated by {@code |}; the expected status, 0 for accepted. */
    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "1.1; Content-Length: 5; 0",
            "1.1; Content-Length: 05; 0",
            "1.1; Content-Length:  5\t; 0",
            "1.1; Content-Length: 999999999999999999; 0",
            "1.1; Content-Length: 1000000000000000000; 400",
            "1.1; Content-Length: 5|Content-Length: 5; 400",
            "1.1; Content-Length: 5|Content-Length: 6; 400",
            "1.1; Content-Length: 5,5; 400",
            "1.1; Content-Length: +5; 400",
            "1.1; Content-Length: -1; 400",
            "1.1; Content-Length: 0x5; 400",
            "1.1; Content-Length: 5 5; 400",
            "1.1; Content-Length: ; 400",
            "1.1; Content-Length: ５; 400",
            "1.1; Transfer-Encoding: chunked; 0",
            "1.1; Transfer-Encoding: CHUNKED; 0",
            "1.1; Transfer-Encoding: \tchunked ; 0",
            "1.1; Transfer-Encoding: , chunked,; 0",
            "1.1; Transfer-Encoding: chunked|Content-Length: 5; 400",
            "1.1; Content-Length: 0|Transfer-Encoding: chunked; 400",
            "1.0; Transfer-Encoding: chunked; 400",
            "1.1; Transfer-Encoding: chunked, chunked; 400",
            "1.1; Transfer-Encoding: chunked|Transfer-Encoding: chunked; 400",
            "1.1; Transfer-Encoding: gzip; 400",
            "1.1; Transfer-Encoding: chunked, gzip; 400",
            "1.1; Transfer-Encoding: xchunked; 400",
            "1.1; 'Transfer-Encoding: chunked;q=1'; 400",
            "1.1; Transfer-Encoding: identity; 400",
            "1.1; Transfer-Encoding: ; 400",
            "1.1; Transfer-Encoding: gzip, chunked; 501",
            "1.1; Transfer-Encoding: gzip|Transfer-Encoding: chunked; 501",
            "1.1; Host: x; 0",
    })
    void rules(String version, String fields, int status) {
        HttpHeaders headers = new DefaultHttpHeaders(false);
        for (String field : fields.split("\\|")) {
            int colon = field.indexOf(':');
            headers.add(field.substring(0, colon), field.substring(colon + 1));
        }
        RequestFraming.BadFramingException bad = RequestFraming.check(HttpVersion.valueOf("HTTP/" + version), headers);
        if (status == 0) {
            assertThat(bad).isNull();
        } else {
            assertThat(bad).isNotNull();
            assertThat(bad.status().code()).as(bad.getMessage()).isEqualTo(status);
        }
    }

    @Test
    void aCodingBeforeChunkedPassesNettysDecoderButNotThisHandler() {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), RequestFraming.INSTANCE);
        channel.writeInbound(Unpooled.copiedBuffer("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "0\r\n\r\n", StandardCharsets.ISO_8859_1));
        HttpRequest request = channel.readInbound();
        assertThat(request.decoderResult().cause()).isInstanceOf(RequestFraming.BadFramingException.class);
        assertThat(RequestGuard.Refusal.of(request.decoderResult().cause()).status().code()).isEqualTo(501);
        Object rest;
        while ((rest = channel.readInbound()) != null) {
            ReferenceCountUtil.release(rest);
        }
        channel.finishAndReleaseAll();
    }
}
