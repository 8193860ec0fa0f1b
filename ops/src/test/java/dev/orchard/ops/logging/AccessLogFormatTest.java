package dev.orchard.ops.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.http.spi.AccessLogEntry;
import dev.orchard.http.spi.RouteClass;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log's text line is Apache's combined format plus Orchard's three fields; the JSON line has them all. */
class AccessLogFormatTest {

    private static final AccessLogEntry RANGE = new AccessLogEntry(Instant.parse("2026-12-05T07:41:12.5Z"), "GET",
            "/images/a.img", "HTTP/1.1", 206, 1000, 3_214_000, "127.0.0.1:51234", "curl/8.5.0", null, RouteClass.IMAGE,
            false);

    @Test
    void textIsCombinedFormatThenRouteDurationAndOutcome() {
        assertThat(AccessLogFormat.text(RANGE)).isEqualTo("127.0.0.1 - - [05/Dec/2026:07:41:12 +0000] "
                + "\"GET /images/a.img HTTP/1.1\" 206 1000 \"-\" \"curl/8.5.0\" image 3.214 completed");
        AccessLogEntry odd = new AccessLogEntry(RANGE.start(), "GET", "/x", "HTTP/1.0", 0, 0, 1_000_000,
                "10.0.0.9:1", "evil\"agent\nnext", "http://r/", RouteClass.OTHER, true);
        assertThat(AccessLogFormat.text(odd)).as("one line whatever the client sent")
                .isEqualTo("10.0.0.9 - - [05/Dec/2026:07:41:12 +0000] \"GET /x HTTP/1.0\" 0 - \"http://r/\""
                        + " \"evil\\x22agent\\x0anext\" other 1.000 aborted");
    }

    @Test
    void jsonHasEveryField() throws Exception {
        JsonNode j = new ObjectMapper().readTree(AccessLogFormat.json(RANGE));
        assertThat(j.get("time").asText()).isEqualTo("2026-12-05T07:41:12.500Z");
        assertThat(j.get("remote_addr").asText()).isEqualTo("127.0.0.1");
        assertThat(j.get("remote_port").asInt()).isEqualTo(51234);
        assertThat(j.get("method").asText()).isEqualTo("GET");
        assertThat(j.get("path").asText()).isEqualTo("/images/a.img");
        assertThat(j.get("status").asInt()).isEqualTo(206);
        assertThat(j.get("bytes").asLong()).isEqualTo(1000);
        assertThat(j.get("duration_ms").asDouble()).isEqualTo(3.214);
        assertThat(j.get("user_agent").asText()).isEqualTo("curl/8.5.0");
        assertThat(j.get("referer").isNull()).isTrue();
        assertThat(j.get("route").asText()).isEqualTo("image");
        assertThat(j.get("aborted").asBoolean()).isFalse();
    }
}
