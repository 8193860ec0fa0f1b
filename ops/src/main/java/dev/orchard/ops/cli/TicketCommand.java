package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchard.ops.config.OrchardConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code orchard ticket --config FILE --mac M [--address A] [--ttl 24h]}: asks the running server
 * ({@code POST /api/v1/admin/tickets}, with the configured admin token) for an enrollment code that lets
 * one agent run of the Mac have its plan without a netboot: a manual run, a Mac behind NAT, the MDM path
 * (docs/agent-api.md, "Tickets"). Prints the code once; the server keeps only its hash.
 */
@Command(name = "ticket", mixinStandardHelpOptions = true,
        description = "Issue a one-time enrollment code for one agent run of a Mac (asks the running server).")
public final class TicketCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AdminRequests admin;

    @Option(names = "--mac", required = true, paramLabel = "MAC", description = "the Mac the code is for")
    String mac;

    @Option(names = "--address", paramLabel = "IPv4", description = "only from this address (default: any)")
    String address;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "how long the code is valid, e.g. 2h, 30m (default: the server's, 24h)")
    String ttl;

    /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}. */
    static long ttlSeconds(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,6})([smhd])").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--ttl takes a number and a unit (s, m, h, d), e.g. 30m or 24h, not "
                    + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> n;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n * 86_400;
        };
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<OrchardConfig> loaded = admin.load(err, "tickets");
        if (loaded.isEmpty()) {
            return ServiceExit.FAILED;
        }
        OrchardConfig c = loaded.get();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("mac", mac);
            if (address != null) {
                body.put("address", address);
            }
            if (ttl != null) {
                body.put("ttlSeconds", ttlSeconds(ttl));
            }
            URI base = admin.base(c);
            HttpResponse<String> r = admin.post(c, "/api/v1/admin/tickets", body, Duration.ofSeconds(30));
            JsonNode answer = JSON.readTree(r.body());
            if (r.statusCode() != 201) {
                err.println("the server refused: " + r.statusCode() + " " + answer.path("message").asText(r.body()));
                err.flush();
                return ServiceExit.FAILED;
            }
            out.println(answer.get("code").asText());
            out.println("for " + answer.get("mac").asText() + (answer.path("address").isTextual()
                    ? " from " + answer.get("address").asText() : " from any address") + ", one agent run, until "
                    + answer.get("expiresAt").asText());
            out.println("use: orchard-agent --server " + base + " --ticket " + answer.get("code").asText() + " …");
            out.flush();
            return ServiceExit.OK;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("cannot get a ticket from the server: " + e.getMessage());
            err.flush();
            return ServiceExit.FAILED;
        }
    }
}
