package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.config.ConfigException;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.wiring.Listeners;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The options and the request of a command that asks the running server through its admin API
 * ({@code orchard ticket}, {@code orchard erase}; a picocli mixin): the configuration gives the server's
 * HTTP port and the admin token, {@code --server} overrides the URL.
 */
final class AdminRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "orchard.yaml of the running server (its HTTP port and admin token)")
    Path config;

    @Option(names = "--server", paramLabel = "URL", description = "the server's HTTP URL (default: from the configuration, on 127.0.0.1)")
    URI server;

    @Option(names = "--unprivileged", description = "the server runs with --unprivileged (high ports)")
    boolean unprivileged;

    /**
     * The configuration of the running server, or empty after printing why it cannot be used: its errors, or
     * that it names no admin token ({@code what} is disabled then).
     */
    Optional<OrchardConfig> load(PrintWriter err, String what) {
        OrchardConfig c;
        try {
            c = ConfigLoader.load(config, ConfigLoader.Options.DEFAULTS).config();
        } catch (ConfigException e) {
            ValidateCommand.printProblems(err, e.problems());
            return Optional.empty();
        }
        if (c.adminToken() == null) {
            err.println("the configuration names no admin_token: the admin API (and " + what + ") are disabled");
            err.flush();
            return Optional.empty();
        }
        return Optional.of(c);
    }

    /** The server's base URL: {@code --server} when given, else the configured HTTP port on 127.0.0.1. */
    URI base(OrchardConfig c) {
        return server != null ? server : URI.create("http://127.0.0.1:" + (unprivileged
                ? Listeners.unprivilegedPort(c.server().http().port()) : c.server().http().port()));
    }

    /** {@code POST path} with {@code body} as JSON and the admin token. */
    HttpResponse<String> post(OrchardConfig c, String path, Object body, Duration timeout)
            throws IOException, InterruptedException {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(base(c).resolve(path)).timeout(timeout)
                        .header("Authorization", "Bearer " + c.adminToken().resolve(System.getenv()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
