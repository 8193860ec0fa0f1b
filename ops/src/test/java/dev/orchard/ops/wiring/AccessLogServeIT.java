package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.ops.init.SampleSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logging.access_log} through {@code orchard serve}: requests to the real server (a Range request of an NBI
 * file, a 404, the admin API with its token) are appended to the configured file as JSON lines with the right
 * fields, the bearer token nowhere in them.
 */
class AccessLogServeIT {

    @TempDir
    Path dir;

    @Test
    void requestsAreAppendedToTheFileAsJsonLines() throws Exception {
        Path log = dir.resolve("access.log");
        ServeFixture f = ServeFixture.start(dir.resolve("lab"), yaml -> yaml.replace("  level: info\n",
                "  level: info\n  access_log: {format: json, path: " + log + "}\n"));
        String token;
        try {
            token = f.adminToken();
            HttpResponse<byte[]> range = f.http.send(HttpRequest.newBuilder(URI.create(f.url(
                            "/NetBoot/NetBootSP0/" + SampleSetup.NBI_NAME.replace(" ", "%20") + ".nbi/i386/booter")))
                    .header("Range", "bytes=0-99").header("User-Agent", "Orchard-AccessLog-IT").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(f.get("/no/such/thing", null).statusCode()).isEqualTo(404);
            assertThat(f.get("/api/v1/machines", token).statusCode()).isEqualTo(200);
        } finally {
            f.close(); // the writer flushes and closes the file
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            lines.add(ServeFixture.JSON.readTree(line));
        }
        assertThat(lines).hasSize(3);
        JsonNode r = lines.get(0);
        assertThat(r.get("method").asText()).isEqualTo("GET");
        assertThat(r.get("path").asText()).endsWith("/i386/booter");
        assertThat(r.get("status").asInt()).isEqualTo(206);
        assertThat(r.get("bytes").asLong()).isEqualTo(100);
        assertThat(r.get("route").asText()).isEqualTo("nbi");
        assertThat(r.get("user_agent").asText()).isEqualTo("Orchard-AccessLog-IT");
        assertThat(r.get("remote_addr").asText()).isEqualTo("127.0.0.1");
        assertThat(r.get("aborted").asBoolean()).isFalse();
        assertThat(r.get("duration_ms").asDouble()).isPositive();
        assertThat(lines.get(1).get("status").asInt()).isEqualTo(404);
        assertThat(lines.get(1).get("route").asText()).isEqualTo("other");
        assertThat(lines.get(2).get("status").asInt()).isEqualTo(200);
        assertThat(lines.get(2).get("route").asText()).isEqualTo("admin_api");
        assertThat(Files.readString(log)).doesNotContain(token);
    }
}
