package dev.orchard.mdmsim;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stub's bytes on the wire, against what NanoMDM's source writes (commit
 * 1d5fcf4da9b1606a022bf85dcf0449961865c1d9): nanolib's Basic-auth refusal, Go's ServeMux 404 and 301, the API's
 * tab-indented JSON ({@code http/api/api.go writeJSON}) with {@code api/types.go}'s key order and a sorted
 * {@code status} map, and the webhook's compact JSON in {@code service/webhook/event.go}'s key order. Driven with
 * a plain HTTP client, so nothing here depends on Orchard's own client.
 */
class NanoMdmStubTest {

    private static final String KEY = "stub-api-key-0123456789";
    private static final String UDID = "00008112-001A2B3C4D5E6F70";
    private static final String COMMAND = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
            \t<key>Command</key>
            \t<dict>
            \t\t<key>RequestType</key>
            \t\t<string>SecurityInfo</string>
            \t</dict>
            \t<key>CommandUUID</key>
            \t<string>c-1</string>
            </dict>
            </plist>
            """;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private NanoMdmStub stub;
    private HttpServer receiver;

    @BeforeEach
    void start() throws Exception {
        stub = NanoMdmStub.start(KEY);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        receiver.createContext("/", x -> {
            try (x) {
                posted.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                signatures.add(String.valueOf(x.getRequestHeaders().getFirst("X-Hmac-Signature")));
                x.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        stub.webhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/"), "hmac-key");
    }

    @AfterEach
    void stop() {
        stub.close();
        receiver.stop(0);
    }

    @Test
    void refusalsAreNanoMdmsOwn() throws Exception {
        HttpResponse<String> noAuth = send("GET", "v1/push/" + UDID, null, null);
        assertThat(noAuth.statusCode()).isEqualTo(401);
        assertThat(noAuth.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"nanomdm\"");
        assertThat(noAuth.body()).isEqualTo("Unauthorized\n");
        assertThat(send("GET", "v1/push/" + UDID, "nanomdm:wrong", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "v1/push/" + UDID, "admin:" + KEY, null).statusCode()).isEqualTo(401);

        HttpResponse<String> unknown = send("GET", "v1/devices", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("404 page not found\n");
        HttpResponse<String> noSlash = send("PUT", "v1/enqueue", "nanomdm:" + KEY, COMMAND);
        assertThat(noSlash.statusCode()).isEqualTo(301);
        assertThat(noSlash.headers().firstValue("Location")).contains("/v1/enqueue/");
    }

    @Test
    void answersAreGoJsonInNanoMdmsKeyOrder() throws Exception {
        stub.enroll(UDID, "C02XL0GZJGH5", "Mac14,2", true).goOffline();
        HttpResponse<String> r = send("PUT", "v1/enqueue/" + UDID + ",UNKNOWN", "nanomdm:" + KEY, COMMAND);
        assertThat(r.statusCode()).isEqualTo(207);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        String apnsId = r.body().replaceAll("(?s).*\"push_result\": \"([0-9A-F-]{36})\".*", "$1");
        assertThat(r.body()).isEqualTo("""
                {
                \t"status": {
                \t\t"%s": {
                \t\t\t"push_result": "%s"
                \t\t},
                \t\t"UNKNOWN": {
                \t\t\t"push_error": "push data missing for id"
                \t\t}
                \t},
                \t"command_uuid": "c-1",
                \t"request_type": "SecurityInfo"
                }
                """.formatted(UDID, apnsId));

        HttpResponse<String> again = send("PUT", "v1/enqueue/" + UDID + "?nopush=1", "nanomdm:" + KEY, COMMAND);
        assertThat(again.statusCode()).isEqualTo(500);
        assertThat(again.body()).isEqualTo("""
                {
                \t"no_push": true,
                \t"command_error": "command already exists: c-1",
                \t"command_uuid": "c-1",
                \t"request_type": "SecurityInfo"
                }
                """);
        HttpResponse<String> bad = send("PUT", "v1/enqueue/" + UDID, "nanomdm:" + KEY, "<plist><dict/></plist>");
        assertThat(bad.body()).isEqualTo("{\n\t\"command_error\": \"decoding command: invalid command\"\n}\n");
        assertThat(send("PUT", "v1/enqueue/" + UDID + "?nopush=", "nanomdm:" + KEY, "").body())
                .as("an empty nopush is no nopush: a push alone").contains("push_result");
    }

    @Test
    void webhooksAreCompactInTheGoStructsOrderAndSigned() throws Exception {
        stub.enroll(UDID, "C02XL0GZJGH5", "Mac14,2", true);
        send("PUT", "v1/enqueue/" + UDID, "nanomdm:" + KEY, COMMAND);
        stub.awaitQuiet(Duration.ofSeconds(5));

        assertThat(posted).hasSize(2);
        String ack = posted.get(1);
        String shape = ack.replaceAll("\"raw_payload\":\"[A-Za-z0-9+/=]+\"", "\"raw_payload\":\"…\"")
                .replaceAll("\"created_at\":\"[^\"]+\"", "\"created_at\":\"…\"")
                .replaceAll("\"event_id\":\"[0-9a-f]+\"", "\"event_id\":\"…\"");
        assertThat(shape).isEqualTo("{\"acknowledge_event\":{\"command_uuid\":\"c-1\",\"ids\":{\"id\":\"" + UDID
                + "\",\"type\":\"Device\"},\"raw_payload\":\"…\",\"status\":\"Acknowledged\",\"udid\":\"" + UDID
                + "\"},\"created_at\":\"…\",\"event_id\":\"…\",\"topic\":\"mdm.Connect\"}");
        assertThat(ack).containsPattern("\"created_at\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])?Z\"");
        String report = new String(Base64.getDecoder().decode(
                ack.replaceAll(".*\"raw_payload\":\"([^\"]+)\".*", "$1")), StandardCharsets.UTF_8);
        assertThat(report).contains("<key>CommandUUID</key>", "<key>SecurityInfo</key>",
                "<string>Acknowledged</string>");
        assertThat(signatures.get(1)).isEqualTo(WebhookPoster.hmac("hmac-key", ack.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void goJsonEscapesAsGoDoes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", "<a & b>\n\"q\"");
        m.put("a", List.of(1, true));
        assertThat(GoJson.compact(m)).isEqualTo("{\"b\":\"\\u003ca \\u0026 b\\u003e\\n\\\"q\\\"\",\"a\":[1,true]}");
        assertThat(WebhookPoster.goTime(java.time.Instant.parse("2026-12-05T07:00:00.120Z")))
                .isEqualTo("2026-12-05T07:00:00.12Z");
        assertThat(WebhookPoster.goTime(java.time.Instant.parse("2026-12-05T07:00:00Z"))).isEqualTo("2026-12-05T07:00:00Z");
    }

    private HttpResponse<String> send(String method, String path, String basic, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(stub.baseUrl().resolve(path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (basic != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
