package dev.orchard.http.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.http.spi.EventStage;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.Readiness;
import dev.orchard.http.spi.RejectReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent and admin API over real HTTP with recording fakes behind the ports. */
class ApiIT {

    static final String ADMIN = "admin-token-0123456789";
    static final String EVENT = "{\"seq\":3,\"stage\":\"restore\",\"step\":null,\"result\":\"progress\","
            + "\"bytesDone\":1048576,\"bytesTotal\":268435456,\"message\":\"chunk 3/64 verified\","
            + "\"at\":\"2026-11-25T18:00:00.123Z\"}";

    @TempDir
    static Path base;
    static HttpImageServer server;
    static FakePorts.RecordingEvents events = new FakePorts.RecordingEvents();
    static FakePorts.FixedAdmin admin = new FakePorts.FixedAdmin();
    static RecordingHttpMetrics metrics = new RecordingHttpMetrics();
    static AtomicBoolean ready = new AtomicBoolean(true);
    static HttpClient http = HttpClient.newHttpClient();
    static ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(base.resolve("images"));
        HttpPorts ports = HttpPorts.standalone().withPlan(FakePorts.PLANS).withEvents(events)
                .withTokens(FakePorts.TOKENS).withAdmin(admin).withMetrics(metrics)
                .withMetricsText(() -> "# TYPE orchard_up gauge\norchard_up 1\n")
                .withReadiness(() -> ready.get() ? Readiness.READY : new Readiness(false, "policy not loaded"));
        server = HttpImageServer.start(ServerFixture.config(base).withAdminToken(ADMIN), ports);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(ServerFixture.url(server, path)));
    }

    static HttpResponse<String> postEvent(String mac, String token, String body) throws Exception {
        HttpRequest.Builder b = at("/api/v1/machines/" + mac + "/events").POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    static void assertError(HttpResponse<String> r, int status, String messagePart) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        JsonNode e = json.readTree(r.body());
        assertThat(e.get("status").asInt()).isEqualTo(status);
        assertThat(e.get("error").asText()).isNotBlank();
        assertThat(e.get("message").asText()).contains(messagePart);
    }

    @Test
    void planForAKnownMachineInAnySpelling() throws Exception {
        HttpResponse<String> r = send(at("/api/v1/plan?mac=00-1B-63-84-45-E6&serial=C02XK0AAJG5J&model=iMac18,1"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode plan = json.readTree(r.body());
        assertThat(plan.get("version").asInt()).isEqualTo(2);
        assertThat(plan.get("run").asText()).isEqualTo(FakePorts.RUN);
        assertThat(plan.get("action").asText()).isEqualTo("restore");
        assertThat(plan.get("machine").get("mac").asText()).isEqualTo(FakePorts.KNOWN_MAC);
        assertThat(plan.get("restore").get("method").asText()).isEqualTo("block");
        assertThat(plan.get("restore").get("size").asLong()).isEqualTo(268435456L);
        assertThat(plan.has("install")).isTrue();
        assertThat(plan.get("install").isNull()).isTrue();
        assertThat(plan.get("events").asText()).isEqualTo("/api/v1/machines/00:1b:63:84:45:e6/events");
        assertThat(plan.get("workflow").get("steps").get(0).get("type").asText()).isEqualTo("script");
        assertThat(plan.get("workflow").get("steps").get(0).get("timeoutSeconds").asInt()).isEqualTo(600);
        assertThat(plan.get("workflow").get("steps").get(1).get("type").asText()).isEqualTo("computer_name");
    }

    @Test
    void planErrors() throws Exception {
        assertError(send(at("/api/v1/plan?mac=00:1b:63:84:45:01")), 404, "no policy applies to 00:1b:63:84:45:01");
        assertError(send(at("/api/v1/plan")), 400, "mac");
        assertError(send(at("/api/v1/plan?mac=banana")), 400, "not a MAC");
        assertError(send(at("/api/v1/plan?mac=00:1b:63:84:45:e6&mac=00:1b:63:84:45:e7")), 400, "more than once");
        assertError(send(at("/api/v1/plan?mac=00:1b:63:84:45:e6").POST(HttpRequest.BodyPublishers.noBody())), 405,
                "GET");
        assertError(send(at("/api/v1/nope")), 404, "no such");
    }

    @Test
    void planRefusalsAndCredentialsReachTheAgent() throws Exception {
        HttpResponse<String> taken = send(at("/api/v1/plan?mac=" + FakePorts.KNOWN_MAC)
                .header("X-Orchard-Claim", FakePorts.TAKEN_CLAIM));
        assertError(taken, 409, "claimed by another agent run");
        assertThat(metrics.rejected(RejectReason.FORBIDDEN)).isPositive();
        assertError(send(at("/api/v1/plan?mac=" + FakePorts.KNOWN_MAC).header("X-Orchard-Claim", "a b")), 400,
                "X-Orchard-Claim".toLowerCase());
        assertError(send(at("/api/v1/plan?mac=" + FakePorts.KNOWN_MAC).header("X-Orchard-Ticket", "x".repeat(300))),
                400, "printable ASCII");
        assertThat(send(at("/api/v1/plan?mac=" + FakePorts.KNOWN_MAC).header("X-Orchard-Claim", "mine")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void anEventNamingAnotherRunThanItsTokenIsRefused() throws Exception {
        int before = events.events.size();
        assertError(postEvent(FakePorts.KNOWN_MAC, FakePorts.token(FakePorts.KNOWN_MAC),
                EVENT.replace("{", "{\"runId\":\"someone-elses-run\",")), 400, "runId");
        assertThat(events.events.size()).isEqualTo(before);
        HttpResponse<String> ok = postEvent(FakePorts.KNOWN_MAC, FakePorts.token(FakePorts.KNOWN_MAC), EVENT);
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(events.events.get(events.events.size() - 1).getValue().runId())
                .as("stamped with the token's run").isEqualTo(FakePorts.RUN);
    }

    @Test
    void eventsAreDeliveredOnlyOnceDurable() throws Exception {
        int before = events.events.size();
        long t0 = System.nanoTime();
        HttpResponse<String> r = postEvent("001b638445e6", FakePorts.token(FakePorts.KNOWN_MAC), EVENT);
        long answeredAt = System.nanoTime();
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json.readTree(r.body()).get("accepted").asBoolean()).isTrue();
        assertThat(json.readTree(r.body()).get("seq").asLong()).isEqualTo(3);
        assertThat(events.events.size()).isEqualTo(before + 1);
        var delivered = events.events.get(events.events.size() - 1);
        assertThat(delivered.getKey()).isEqualTo(FakePorts.KNOWN_MAC);
        assertThat(delivered.getValue().stage()).isEqualTo(EventStage.RESTORE);
        assertThat(delivered.getValue().bytesDone()).isEqualTo(1048576L);
        assertThat(events.durableAtNanos.get(events.durableAtNanos.size() - 1)).isLessThanOrEqualTo(answeredAt);
        assertThat((answeredAt - t0) / 1_000_000).as("answered after the 300 ms journal write").isGreaterThanOrEqualTo(250);
    }

    @Test
    void eventAuthorisation() throws Exception {
        int before = events.events.size();
        assertError(postEvent(FakePorts.KNOWN_MAC, null, EVENT), 401, "token");
        HttpResponse<String> noToken = postEvent(FakePorts.KNOWN_MAC, null, EVENT);
        assertThat(noToken.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertError(postEvent(FakePorts.KNOWN_MAC, "wrong", EVENT), 403, "not valid");
        assertError(postEvent(FakePorts.KNOWN_MAC, FakePorts.token("00:1b:63:84:45:01"), EVENT), 403, "another machine");
        assertError(postEvent(FakePorts.KNOWN_MAC, FakePorts.token(FakePorts.KNOWN_MAC) + "x", "{"), 403, "");
        assertThat(events.events.size()).isEqualTo(before);
        assertThat(metrics.rejected(RejectReason.UNAUTHENTICATED)).isPositive();
        assertThat(metrics.rejected(RejectReason.FORBIDDEN)).isPositive();
    }

    @Test
    void badEventBodies() throws Exception {
        String token = FakePorts.token(FakePorts.KNOWN_MAC);
        assertError(postEvent(FakePorts.KNOWN_MAC, token, "{not json"), 400, "invalid JSON");
        assertError(postEvent(FakePorts.KNOWN_MAC, token, EVENT.replace("}", ",\"extra\":1}")), 400, "unknown field 'extra'");
        assertError(postEvent(FakePorts.KNOWN_MAC, token, EVENT.replace("restore", "bogus")), 400, "");
        assertError(postEvent(FakePorts.KNOWN_MAC, token, ""), 400, "required");
        assertError(postEvent(FakePorts.KNOWN_MAC, token, EVENT.replace("chunk 3/64 verified", "x".repeat(5000))), 400,
                "4096");
        HttpResponse<String> big = postEvent(FakePorts.KNOWN_MAC, token, "{\"message\":\"" + "y".repeat(70_000) + "\"}");
        assertError(big, 413, "65536");
        assertThat(metrics.rejected(RejectReason.BODY_TOO_LARGE)).isPositive();
        assertThat(metrics.rejected(RejectReason.BAD_JSON)).isPositive();
        assertError(postEvent("not-a-mac", token, EVENT), 400, "MAC");
    }

    /**
     * Invalid events are a 400 with the reason, which the agent drops, never a 503, which it retries forever:
     * whether the body's values are refused when read, or the events port refuses the event.
     */
    @Test
    void invalidEventsAreA400NeverA503() throws Exception {
        String token = FakePorts.token(FakePorts.KNOWN_MAC);
        int before = events.events.size();
        String[][] invalid = {
                {"\"bytesDone\":1048576,\"bytesTotal\":268435456", "\"bytesDone\":10,\"bytesTotal\":5",
                        "bytesDone (10) is larger than bytesTotal (5)"},
                {"\"bytesDone\":1048576", "\"bytesDone\":-1", "bytesDone and bytesTotal must be >= 0"},
                {"\"stage\":\"restore\"", "\"stage\":\"flash\"", "unknown stage 'flash'; expected one of: plan, erase"},
                {"\"result\":\"progress\"", "\"result\":\"PROGRESS\"", "unknown result 'PROGRESS'; expected one of"},
                {"\"seq\":3", "\"seq\":-3", "seq must be >= 0"},
                {"\"seq\":3", "\"seq\":3,\"runId\":\"\"", "runId must be 1 to 200 characters"},
                {"\"seq\":3", "\"seq\":3,\"runId\":\"a\\nb\"", "runId must not contain control characters"},
                {"\"seq\":3", "\"seq\":3,\"runId\":\"\\ud800\"", "runId is not valid Unicode"},
                {"\"step\":null", "\"step\":\"script:\\udc00\"", "step is not valid Unicode"},
                {"\"at\":\"2026-11-25T18:00:00.123Z\"", "\"at\":\"+10000-01-01T00:00:00Z\"", "at must be a time between the years 0000 and 9999"},
        };
        for (String[] c : invalid) {
            assertThat(EVENT).contains(c[0]);
            assertError(postEvent(FakePorts.KNOWN_MAC, token, EVENT.replace(c[0], c[1])), 400, "invalid event: " + c[2]);
        }
        assertThat(events.events.size()).as("none reached the events port").isEqualTo(before);

        long refusedBefore = metrics.rejected(RejectReason.BAD_JSON);
        HttpResponse<String> refused = postEvent(FakePorts.REFUSING_MAC, FakePorts.token(FakePorts.REFUSING_MAC), EVENT);
        assertError(refused, 400, "invalid event: the journal cannot take this event");
        assertThat(refused.headers().firstValue("retry-after")).isEmpty();
        assertThat(metrics.rejected(RejectReason.BAD_JSON)).isEqualTo(refusedBefore + 1);

        // a message cut inside a surrogate pair (script output truncated to its tail) is kept, repaired
        HttpResponse<String> cut = postEvent(FakePorts.KNOWN_MAC, token,
                EVENT.replace("chunk 3/64 verified", "\\udc00tail \\ud83c\\udf4e ok \\ud83c"));
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(202);
        assertThat(events.events.get(events.events.size() - 1).getValue().message())
                .isEqualTo("\ufffdtail \ud83c\udf4e ok \ufffd");
    }

    @Test
    void chunkedOversizedBodyIsCappedToo() throws Exception {
        byte[] body = new byte[128 * 1024];
        java.util.Arrays.fill(body, (byte) 'z');
        // a supplier of a stream has no known length: the client sends it chunked, without Content-Length
        HttpRequest.Builder b = at("/api/v1/machines/" + FakePorts.KNOWN_MAC + "/events")
                .header("Authorization", "Bearer " + FakePorts.token(FakePorts.KNOWN_MAC))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
        assertError(send(b), 413, "larger than");
    }

    @Test
    void journalFailureIsA503SoTheAgentRetries() throws Exception {
        HttpResponse<String> r = postEvent(FakePorts.FAILING_MAC, FakePorts.token(FakePorts.FAILING_MAC), EVENT);
        assertError(r, 503, "retry");
    }

    @Test
    void adminEndpointsNeedTheAdminToken() throws Exception {
        assertError(send(at("/api/v1/machines")), 401, "admin token");
        assertError(send(at("/api/v1/machines").header("Authorization", "Bearer nope")), 403, "not valid");
        assertError(send(at("/api/v1/machines").header("Authorization", "Bearer " + FakePorts.token(FakePorts.KNOWN_MAC))),
                403, "not valid");
        HttpResponse<String> ok = send(at("/api/v1/machines").header("Authorization", "Bearer " + ADMIN));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).get("machines").get(0).get("mac").asText()).isEqualTo(FakePorts.KNOWN_MAC);
        HttpResponse<String> one = send(at("/api/v1/machines/00-1B-63-84-45-E6").header("Authorization", "Bearer " + ADMIN));
        assertThat(json.readTree(one.body()).get("lastSeen").asText()).isEqualTo("2026-11-25T18:00:00Z");
        assertError(send(at("/api/v1/machines/00:1b:63:84:45:01").header("Authorization", "Bearer " + ADMIN)), 404,
                "no machine");
        assertThat(send(at("/api/v1/images").header("Authorization", "Bearer " + ADMIN)).body()).isEqualTo("{\"images\":[]}");
        HttpRequest.Builder reload = at("/api/v1/admin/reload").header("Authorization", "Bearer " + ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody());
        assertThat(json.readTree(send(reload).body()).get("message").asText()).contains("reloaded");
        admin.reloadWorks = false;
        try {
            assertError(send(reload), 422, "the running policy stays");
        } finally {
            admin.reloadWorks = true;
        }
        assertError(send(at("/api/v1/admin/rescan").header("Authorization", "Bearer " + ADMIN)), 405, "POST");
    }

    @Test
    void operationsEndpoints() throws Exception {
        HttpResponse<String> m = send(at("/metrics"));
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(m.body()).contains("orchard_up 1");
        assertThat(send(at("/healthz")).body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(send(at("/readyz")).statusCode()).isEqualTo(200);
        ready.set(false);
        try {
            HttpResponse<String> r = send(at("/readyz"));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("policy not loaded");
        } finally {
            ready.set(true);
        }
    }
}
