package dev.orchard.http.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.http.spi.EventStage;
import dev.orchard.http.spi.HttpPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's routing and parameters over real HTTP, with a fake admin port: every path near an endpoint
 * gets what it should (never the metrics scrape, which {@code GET /api} used to return), the machine list's
 * filters reach the port parsed or are refused with the allowed values, and the explain endpoint passes the
 * Mac on as typed.
 */
class AdminApiIT {

    private static final String SCRAPE = "# TYPE orchard_up gauge\norchard_up 1\n";

    @TempDir
    static Path base;
    static HttpImageServer server;
    static final FakePorts.FixedAdmin ADMIN_PORT = new FakePorts.FixedAdmin();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(base.resolve("images"));
        HttpPorts ports = HttpPorts.standalone().withPlan(FakePorts.PLANS).withTokens(FakePorts.TOKENS)
                .withAdmin(ADMIN_PORT).withMetricsText(() -> SCRAPE);
        server = HttpImageServer.start(ServerFixture.config(base).withAdminToken(ApiIT.ADMIN), ports);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ServerFixture.url(server, path)));
        if (admin) {
            b.header("Authorization", "Bearer " + ApiIT.ADMIN);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Empty segments are dropped everywhere (as nginx merges slashes), so a trailing slash names the same
     * endpoint; names are case-sensitive; {@code json} is a JSON error of the API, {@code text} the file
     * server's plain 404 (the path is not the API's at all), {@code scrape} the metrics.
     */
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "/api, 404, json", "/api/, 404, json", "/api/v1, 404, json", "/api/v1/, 404, json", "/api/v2/machines, 404, json",
            "/api/metrics, 404, json", "/api/v1/metrics, 404, json", "/api/healthz, 404, json",
            "/api/V1/machines, 404, json", "/api/v1/Machines, 404, json", "/api/v1/machines/00:1b:63:84:45:e6/x, 404, json",
            "/api/v1/admin, 404, json", "/api/v1/admin/explain/x, 404, json", "/api/v1/admin/Explain, 404, json",
            "/API, 404, text", "/API/v1/machines, 404, text", "/Metrics, 404, text", "/metricsx, 404, text",
            "/metrics/x, 404, text", "/healthzz, 404, text",
            "/metrics, 200, scrape", "/metrics/, 200, scrape", "//metrics, 200, scrape",
            "/api/v1/machines, 200, json", "/api/v1/machines/, 200, json", "/api//v1//machines, 200, json",
            "/api/v1/machines/00:1b:63:84:45:e6/, 200, json",
    })
    void nearMissPaths(String path, int status, String kind) throws Exception {
        HttpResponse<String> r = get(path, true);
        assertThat(r.statusCode()).isEqualTo(status);
        if (!kind.equals("scrape")) {
            assertThat(r.body()).doesNotContain("orchard_up");
        }
        switch (kind) {
            case "scrape" -> assertThat(r.body()).isEqualTo(SCRAPE);
            case "text" -> assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain"));
            default -> {
                assertThat(r.headers().firstValue("content-type")).contains("application/json");
                JsonNode body = JSON.readTree(r.body());
                if (status == 404) {
                    assertThat(body.get("status").asInt()).isEqualTo(404);
                    assertThat(body.get("message").asText()).contains("no such API endpoint");
                }
            }
        }
    }

    @Test
    void filtersAndPagingReachThePortParsed() throws Exception {
        HttpResponse<String> r = get("/api/v1/machines?stage=restore&group=art&failed=true&q=C02X&limit=50"
                + "&cursor=00:1b:63:84:45:00", true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        var q = ADMIN_PORT.lastQuery;
        assertThat(q.stage()).contains(EventStage.RESTORE);
        assertThat(q.group()).contains("art");
        assertThat(q.failed()).contains(true);
        assertThat(q.search()).contains("C02X");
        assertThat(q.limit()).isEqualTo(OptionalInt.of(50));
        assertThat(q.cursor()).contains("00:1b:63:84:45:00");
        assertThat(q.queryString()).isEqualTo("stage=restore&group=art&failed=true&q=C02X&limit=50"
                + "&cursor=00%3A1b%3A63%3A84%3A45%3A00");
        assertThat(JSON.readTree(r.body()).get("machines").get(0).get("mac").asText()).isEqualTo(FakePorts.KNOWN_MAC);
    }

    @ParameterizedTest(name = "{0} -> 400 {1}")
    @CsvSource(delimiter = '|', value = {
            "stage=flash | unknown stage 'flash'; expected one of: plan, erase, restore, verify, install, workflow, bless, reboot, done",
            "stage=RESTORE | unknown stage 'RESTORE'",
            "failed=yes | failed must be true or false",
            "limit=0 | limit must be a whole number from 1 to 1000",
            "limit=1001 | limit must be a whole number from 1 to 1000",
            "limit=-1 | limit must be a whole number",
            "limit=ten | limit must be a whole number",
            "limit=99999999999 | limit must be a whole number",
            "q= | q must be 1 to 64 characters",
            "stag=restore | unknown query parameter 'stag'; allowed: stage, group, failed, q, limit, cursor",
            "stage=plan&stage=done | given more than once",
            "group=nobody | unknown group 'nobody'; groups: art",
    })
    void invalidFiltersAreA400WithTheAllowedValues(String query, String message) throws Exception {
        HttpResponse<String> r = get("/api/v1/machines?" + query, true);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("message").asText()).contains(message.strip());
    }

    @Test
    void filtersNeedTheAdminTokenFirst() throws Exception {
        assertThat(get("/api/v1/machines?stage=flash", false).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/admin/explain?mac=x", false).statusCode()).isEqualTo(401);
    }

    @Test
    void explainPassesTheMacOnAsTyped() throws Exception {
        HttpResponse<String> r = get("/api/v1/admin/explain?mac=0:1b:63:84:45:e6&model=iMac18,3&serial=c02x&ip=10.0.0.7",
                true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ADMIN_PORT.lastExplain.mac()).isEqualTo("0:1b:63:84:45:e6");
        assertThat(ADMIN_PORT.lastExplain.serial()).isEqualTo(Optional.of("c02x"));
        assertThat(ADMIN_PORT.lastExplain.model()).isEqualTo(Optional.of("iMac18,3"));
        assertThat(ADMIN_PORT.lastExplain.ip()).isEqualTo(Optional.of("10.0.0.7"));
        assertThat(JSON.readTree(r.body()).get("action").asText()).isEqualTo("restore");

        assertError(get("/api/v1/admin/explain", true), 400, "query parameter 'mac' is required");
        assertError(get("/api/v1/admin/explain?mac=x&colour=red", true), 400, "unknown query parameter 'colour'");
        assertError(get("/api/v1/admin/explain?mac=x&ip=ten", true), 400, "'ten' is not an IPv4 address");
        assertError(get("/api/v1/admin/explain?mac=" + "a".repeat(65), true), 400, "longer than 64");
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(ServerFixture.url(server,
                "/api/v1/admin/explain?mac=x"))).header("Authorization", "Bearer " + ApiIT.ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertError(post, 405, "GET");
    }

    static void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(JSON.readTree(r.body()).get("message").asText()).contains(message);
    }
}
