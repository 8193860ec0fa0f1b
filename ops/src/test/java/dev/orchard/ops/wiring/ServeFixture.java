package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.bsdp.client.SimulatedMac;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.ops.init.SampleSetup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An {@code orchard init --unprivileged} setup served in-process on 127.0.0.1 with ephemeral ports, with
 * small HTTP and BSDP helpers. Shared by the serve integration tests.
 */
final class ServeFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Models of the sample policies: iMac* restore, Macmini* install, MacBook* thin, others none. */
    static final String RESTORE_MODEL = "iMac18,3";
    static final String INSTALL_MODEL = "Macmini8,1";
    static final String THIN_MODEL = "MacBookPro15,1";
    static final String NONE_MODEL = "MacPro7,1";
    static final String BENCH_MAC = "02:0b:00:00:00:01";

    final Path dir;
    final Path config;
    final OrchardServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ServeFixture(Path dir, Path config, OrchardServer server) {
        this.dir = dir;
        this.config = config;
        this.server = server;
    }

    /** Around a server a test started itself (its own configuration). */
    static ServeFixture around(Path dir, Path config, OrchardServer server) {
        return new ServeFixture(dir, config, server);
    }

    static ServeFixture start(Path dir) throws Exception {
        Path config = SampleSetup.write(dir, true, ManifestProgress.NONE);
        return new ServeFixture(dir, config, OrchardServer.start(ServeOptions.loopback(config)));
    }

    /** As {@link #start(Path)}, with the sample's {@code orchard.yaml} changed by {@code edit} first. */
    static ServeFixture start(Path dir, java.util.function.UnaryOperator<String> edit) throws Exception {
        Path config = SampleSetup.write(dir, true, ManifestProgress.NONE);
        Files.writeString(config, edit.apply(Files.readString(config)));
        return new ServeFixture(dir, config, OrchardServer.start(ServeOptions.loopback(config)));
    }

    /** A server on {@code config} (a sample setup the test changed). */
    static ServeFixture start(Path dir, Path config) throws Exception {
        return new ServeFixture(dir, config, OrchardServer.start(ServeOptions.loopback(config)));
    }

    String url(String path) {
        return server.httpUrl() + path;
    }

    String adminToken() {
        return server.adminToken().orElseThrow();
    }

    HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String bearer, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The plan JSON for a Mac (200 expected), asked as a manually started agent does: with an enrollment
     * code from the admin API and a fresh claim.
     */
    JsonNode plan(String mac, String serial, String model) throws Exception {
        HttpResponse<String> r = planResponse(mac, "&serial=" + serial + "&model=" + model);
        if (r.statusCode() != 200) {
            throw new AssertionError("plan for " + mac + " " + model + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** The answer to a plan request for {@code mac} (more query parameters in {@code query}), let in by a code. */
    HttpResponse<String> planResponse(String mac, String query) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/api/v1/plan?mac=" + mac + query)))
                .timeout(Duration.ofSeconds(30))
                .header("X-Orchard-Ticket", enrollmentCode(mac))
                .header("X-Orchard-Claim", java.util.UUID.randomUUID().toString());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A one-time enrollment code for {@code mac} from {@code POST /api/v1/admin/tickets}. */
    String enrollmentCode(String mac) throws Exception {
        HttpResponse<String> r = post("/api/v1/admin/tickets", adminToken(), "{\"mac\":\"" + mac + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("ticket for " + mac + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("code").asText();
    }

    /** An event's JSON; {@code runId} null leaves it out (the server stamps the token's run). */
    static String event(long seq, String runId, String stage, String result, Long done, Long total) {
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of("seq", seq, "stage", stage, "result", result,
                "bytesDone", done == null ? 0 : done, "bytesTotal", total == null ? 0 : total,
                "message", stage + " " + result));
        if (runId != null) {
            event.put("runId", runId);
        }
        try {
            return JSON.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    BsdpClient bsdpClient(Duration timeout, int attempts) throws InterruptedException {
        InetSocketAddress server = this.server.bsdpAddress();
        return BsdpClient.open(BsdpClientConfig.unicast(new InetSocketAddress("127.0.0.1", 0), server)
                .withTimeout(timeout, attempts));
    }

    static SimulatedMac mac(String mac, String model) {
        return SimulatedMac.intel(MacAddress.parse(mac), Ipv4.parse("127.0.0.1"), model);
    }

    Path nbiFile(String relative) {
        return dir.resolve("nbi").resolve(SampleSetup.NBI_NAME + ".nbi").resolve(relative);
    }

    String metrics() throws Exception {
        return get("/metrics", null).body();
    }

    /** Waits (up to 30 s) until a series of the scrape reaches {@code min}; returns its value. */
    double awaitSample(String series, double min) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double v;
        while ((v = sample(metrics(), series)) < min && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return v;
    }

    /** The value of one sample line of the scrape ({@code name{labels}}), 0 when absent. */
    static double sample(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    void writeFile(String relative, String text) throws IOException {
        Files.writeString(dir.resolve(relative), text);
    }

    @Override
    public void close() {
        server.close();
    }
}
