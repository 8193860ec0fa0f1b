package dev.orchard.agent;

import com.sun.net.httpserver.HttpServer;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.mac.MacAddress;
import dev.orchard.testkit.MacAddressVectors;
import dev.orchard.testkit.MacAddressVectors.Vector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared MAC vectors through the agent's {@code --mac} ({@link AgentMain#run}, as the startup script
 * calls it): an accepted form reaches the server as the canonical form; anything else is a usage error
 * (exit 2) naming the accepted forms, before any request.
 */
class MacAddressVectorsTest {

    @TempDir
    static Path work;
    static HttpServer server;
    /** The {@code mac} query parameter of each plan request, decoded. */
    static final Queue<String> asked = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/plan", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            asked.add(query.replaceFirst("^.*\\bmac=([^&]*).*$", "$1"));
            byte[] body = "{\"status\":404,\"error\":\"not_found\",\"message\":\"no policy\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static List<Vector> vectors() {
        return MacAddressVectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void macFlag(Vector v) {
        asked.clear();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = AgentMain.run(new String[] {"--server", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--mac", v.input(), "--backend", "generic", "--work", work.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String summary = out.toString(StandardCharsets.UTF_8);
        if (v.accepted()) {
            assertThat(code).as(summary + err).isEqualTo(ExitStatus.NO_PLAN.code());
            assertThat(asked).containsExactly(v.canonical().orElseThrow());
        } else {
            assertThat(code).as(summary + err).isEqualTo(ExitStatus.USAGE.code());
            assertThat(summary).contains("is not a MAC address; " + MacAddress.ACCEPTED_FORMS);
            assertThat(asked).isEmpty();
        }
    }
}
