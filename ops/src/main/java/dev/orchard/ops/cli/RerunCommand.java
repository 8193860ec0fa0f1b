package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.config.OrchardConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code orchard rerun --config FILE --mac M}: asks the running server ({@code POST /api/v1/admin/rerun}, with
 * the configured admin token) to run the Mac again at its next boot, even when it finished — the lab page's
 * "Re-run on next boot" (docs/rerun.md).
 */
@Command(name = "rerun", mixinStandardHelpOptions = true,
        description = "Run a Mac again at its next boot, even when it finished (asks the running server).")
public final class RerunCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AdminRequests admin;

    @Option(names = "--mac", required = true, paramLabel = "MAC", description = "the Mac to run again")
    String mac;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<OrchardConfig> loaded = admin.load(err, "re-runs");
        if (loaded.isEmpty()) {
            return ServiceExit.FAILED;
        }
        try {
            HttpResponse<String> r = admin.post(loaded.get(), "/api/v1/admin/rerun", Map.of("mac", mac),
                    Duration.ofSeconds(30));
            JsonNode answer = JSON.readTree(r.body());
            if (r.statusCode() != 200) {
                err.println("the server refused: " + r.statusCode() + " " + answer.path("message").asText(r.body()));
                err.flush();
                return ServiceExit.FAILED;
            }
            out.println("re-run requested for " + answer.get("mac").asText() + " at "
                    + answer.get("requestedAt").asText() + ": its next netboot runs it again"
                    + (answer.path("address").isTextual() ? ", or its agent started again from "
                    + answer.get("address").asText() : "") + " (until " + answer.get("expiresAt").asText() + ")");
            out.flush();
            return ServiceExit.OK;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("cannot ask the server for a re-run: " + e.getMessage());
            err.flush();
            return ServiceExit.FAILED;
        }
    }
}
