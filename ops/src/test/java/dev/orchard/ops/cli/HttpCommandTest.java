package dev.orchard.ops.cli;

import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return OrchardCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void servesAFolderUntilStopped(@TempDir Path root) throws Exception {
        String sha = Hashes.sha256(Hashes.randomFile(root.resolve("NetInstall.dmg"), 3_000_000, 4));
        int code = run("http", "--root", root.toString(), "--address", "127.0.0.1", "--port", "0");
        assertThat(code).isEqualTo(ServiceExit.KEEP_RUNNING);
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + m.group(1) + "/NetInstall.dmg")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Hashes.sha256(r.body())).isEqualTo(sha);
        // the server is closed by the shutdown hook when this test JVM exits
    }

    /**
     * {@code --access-log FILE --access-log-format json}: one line per request, as serve writes them — a
     * range request's 206 with the bytes sent, and a miss's 404; a format that is neither text nor json is a
     * usage error.
     */
    @Test
    void writesAnAccessLogWhenAsked(@TempDir Path root) throws Exception {
        Hashes.randomFile(root.resolve("NetInstall.dmg"), 100_000, 5);
        Path log = root.resolve("logs").resolve("access.json");
        java.nio.file.Files.createDirectories(log.getParent());
        int code = run("http", "--root", root.toString(), "--address", "127.0.0.1", "--port", "0",
                "--access-log", log.toString(), "--access-log-format", "json");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ServiceExit.KEEP_RUNNING);
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + m.group(1);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/NetInstall.dmg")).header("Range", "bytes=0-999")
                .build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(206);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/missing.dmg")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(404);
        long deadline = System.nanoTime() + 10_000_000_000L;
        java.util.List<String> lines = java.util.List.of();
        while (lines.size() < 2) { // the writer is asynchronous
            assertThat(System.nanoTime()).as("two access log lines, got %s", lines).isLessThan(deadline);
            Thread.sleep(20);
            lines = java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log) : lines;
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode range = json.readTree(lines.get(0));
        assertThat(range.get("path").asText()).isEqualTo("/NetInstall.dmg");
        assertThat(range.get("status").asInt()).isEqualTo(206);
        assertThat(range.get("bytes").asLong()).isEqualTo(1000);
        assertThat(range.get("method").asText()).isEqualTo("GET");
        assertThat(json.readTree(lines.get(1)).get("status").asInt()).isEqualTo(404);

        int bad = run("http", "--root", root.toString(), "--port", "0", "--access-log", "-", "--access-log-format", "xml");
        assertThat(bad).isEqualTo(ServiceExit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a log format");
    }

    @Test
    void aPortInUseIsExplained(@TempDir Path root) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = run("http", "--root", root.toString(), "--address", "127.0.0.1", "--port",
                    String.valueOf(taken.getLocalPort()));
            assertThat(code).isEqualTo(ServiceExit.CANNOT_START);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("already in use");
        }
    }

    @Test
    void aMissingRootIsRefused(@TempDir Path root) {
        int code = run("http", "--root", root.resolve("nope").toString(), "--port", "0");
        assertThat(code).isEqualTo(ServiceExit.CANNOT_START);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a readable folder");
    }

    @Test
    void tlsNeedsAllThreeOptions(@TempDir Path root) {
        int code = run("http", "--root", root.toString(), "--port", "0", "--tls-port", "0");
        assertThat(code).isEqualTo(ServiceExit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tls-cert");
    }
}
