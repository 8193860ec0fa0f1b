package dev.orchard.http.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.PlanDecision;
import dev.orchard.http.spi.PlanPort;
import dev.orchard.mac.MacAddress;
import dev.orchard.testkit.MacAddressVectors;
import dev.orchard.testkit.MacAddressVectors.Vector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared MAC vectors through the agent API over real HTTP: the {@code mac} query parameter of
 * {@code GET /api/v1/plan} and the {@code {mac}} segment of {@code POST /api/v1/machines/{mac}/events},
 * each percent-encoded as a client would send it.
 */
class MacAddressVectorsIT {

    static final String EVENT = "{\"seq\":1,\"stage\":\"plan\",\"step\":null,\"result\":\"started\","
            + "\"bytesDone\":null,\"bytesTotal\":null,\"message\":\"\",\"at\":\"2026-11-25T18:00:00Z\"}";

    @TempDir
    static Path base;
    static HttpImageServer server;
    static final Queue<String> planMacs = new ConcurrentLinkedQueue<>();
    static final FakePorts.RecordingEvents events = new FakePorts.RecordingEvents();
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        PlanPort everyone = q -> {
            planMacs.add(q.mac());
            return new PlanDecision.Found(FakePorts.plan(q.mac()));
        };
        server = HttpImageServer.start(ServerFixture.config(base),
                HttpPorts.standalone().withPlan(everyone).withEvents(events).withTokens(FakePorts.TOKENS));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Vector> vectors() {
        return MacAddressVectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void planQueryParameter(Vector v) throws Exception {
        planMacs.clear();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/plan?mac=" + percent(v.input()))));

        if (v.accepted()) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json.readTree(r.body()).get("machine").get("mac").asText()).isEqualTo(v.canonical().orElseThrow());
            assertThat(planMacs).containsExactly(v.canonical().orElseThrow());
        } else {
            assertBadMac(r, "mac: '");
            assertThat(planMacs).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void eventPathSegment(Vector v) throws Exception {
        events.events.clear();
        String token = FakePorts.token(v.canonical().orElse("00:00:00:00:00:00"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/machines/" + percent(v.input()) + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString(EVENT)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token));

        if (v.input().isEmpty() || v.input().chars().anyMatch(Character::isISOControl)) {
            // what a path cannot carry never reaches the MAC grammar: an empty segment matches no route (405,
            // only GET /api/v1/machines is), and the request-path rules refuse control characters (plain 400)
            assertThat(r.statusCode()).as(r.body()).isEqualTo(v.input().isEmpty() ? 405 : 400);
            assertThat(events.events).isEmpty();
        } else if (v.accepted()) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(events.events).extracting(e -> e.getKey()).containsExactly(v.canonical().orElseThrow());
        } else {
            assertBadMac(r, "the MAC in the path: '");
            assertThat(events.events).isEmpty();
        }
    }

    private static void assertBadMac(HttpResponse<String> r, String prefix) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode e = json.readTree(r.body());
        assertThat(e.get("message").asText()).startsWith(prefix).contains("is not a MAC address; " + MacAddress.ACCEPTED_FORMS);
    }

    private static URI uri(String pathAndQuery) {
        return URI.create(ServerFixture.url(server, pathAndQuery));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every UTF-8 byte outside RFC 3986's unreserved set (and ':', which paths and queries allow) as %XX. */
    private static String percent(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }
}
