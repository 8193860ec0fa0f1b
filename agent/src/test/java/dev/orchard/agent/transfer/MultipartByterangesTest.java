package dev.orchard.agent.transfer;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The multi-range answer's body as Orchard's server and nginx 1.22 lay it out (RFC 9110 §14.6): parts found
 * with their offsets and exact bytes; a quoted boundary; and what is refused — a part without Content-Range,
 * a part longer than the body, a body without the delimiter, one longer than the caller allows.
 */
class MultipartByterangesTest {

    private static final String B = "00000000000000000042";

    @Test
    void partsAsOrchardAndNginxWriteThem() throws Exception {
        String body = part(10, "abcdef") + part(100, "XYZ") + "\r\n--" + B + "--\r\n";
        List<MultipartByteranges.Part> parts = MultipartByteranges.read(response(body, "multipart/byteranges; boundary=" + B), 4096);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).from()).isEqualTo(10);
        assertThat(text(parts.get(0).bytes())).isEqualTo("abcdef");
        assertThat(parts.get(1).from()).isEqualTo(100);
        assertThat(text(parts.get(1).bytes())).isEqualTo("XYZ");
    }

    @Test
    void aQuotedBoundaryAndPartBytesThatLookLikeADelimiter() throws Exception {
        String tricky = "\r\n--" + B + "\r\n";
        String body = part(0, tricky) + "\r\n--" + B + "--\r\n";
        List<MultipartByteranges.Part> parts = MultipartByteranges.read(response(body, "multipart/byteranges; boundary=\"" + B + "\""), 4096);
        assertThat(parts).singleElement().satisfies(p -> assertThat(text(p.bytes())).isEqualTo(tricky));
    }

    @Test
    void aSinglePartAnswerIsOnePart() throws Exception {
        RangeResponse r = response("hello", "application/octet-stream", 500);
        assertThat(MultipartByteranges.read(r, 4096)).singleElement().satisfies(p -> {
            assertThat(p.from()).isEqualTo(500);
            assertThat(text(p.bytes())).isEqualTo("hello");
        });
    }

    @Test
    void malformedBodiesAreRefused() {
        String type = "multipart/byteranges; boundary=" + B;
        assertThatThrownBy(() -> MultipartByteranges.read(response("\r\n--" + B + "\r\nContent-Type: x\r\n\r\nabc\r\n--" + B + "--\r\n", type), 4096))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("without Content-Range");
        assertThatThrownBy(() -> MultipartByteranges.read(response("\r\n--" + B + "\r\nContent-Range: bytes 0-99/1000\r\n\r\nabc", type), 4096))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("overruns");
        assertThatThrownBy(() -> MultipartByteranges.read(response("garbage", type), 4096))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("no delimiter");
        assertThatThrownBy(() -> MultipartByteranges.read(response(part(0, "x".repeat(200)), type), 100))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> MultipartByteranges.read(response(part(0, "abc"), "multipart/byteranges"), 4096))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("boundary");
    }

    private static String part(long from, String data) {
        return "\r\n--" + B + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes " + from + "-"
                + (from + data.length() - 1) + "/1000\r\n\r\n" + data;
    }

    private static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.ISO_8859_1);
    }

    private static RangeResponse response(String body, String type) {
        return response(body, type, -1);
    }

    private static RangeResponse response(String body, String type, long start) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return new RangeResponse() {
            int at;

            public int status() {
                return 206;
            }

            public long bodyStart() {
                return start;
            }

            public long bodyLength() {
                return bytes.length;
            }

            public String etag() {
                return null;
            }

            public String contentType() {
                return type;
            }

            public int read(ByteBuffer dst) {
                if (at >= bytes.length) {
                    return -1;
                }
                int n = Math.min(dst.remaining(), bytes.length - at);
                dst.put(bytes, at, n);
                at += n;
                return n;
            }

            public void close() {
            }
        };
    }
}
