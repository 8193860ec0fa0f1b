package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chunk manifests the server publishes for its block images ({@code GET /images/<file>/manifest},
 * docs/agent-api.md), read once per image per lab: what a restored target must hash to.
 */
final class ServedManifests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, String> sha256 = new ConcurrentHashMap<>();

    ServedManifests(URI server) {
        this.server = server;
    }

    /** The manifest's whole-image SHA-256 of the block image {@code file} (relative to the block folder). */
    String sha256(String file) {
        return sha256.computeIfAbsent(file, f -> {
            try {
                URI url = new URI(server.getScheme(), null, server.getHost(), server.getPort(),
                        "/images/" + f + "/manifest", null, null);
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IOException("GET " + url + " answered " + r.statusCode());
                }
                JsonNode manifest = JSON.readTree(r.body());
                return manifest.path("sha256").asText();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the manifest of " + f + ": " + e.getMessage(), e);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
    }
}
