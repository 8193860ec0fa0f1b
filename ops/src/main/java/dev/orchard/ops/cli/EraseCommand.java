package dev.orchard.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchard.ops.config.OrchardConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code orchard erase --config FILE (--mac M | --serial S | --group G)… [--dry-run] [--yes N]}: asks the
 * running server ({@code POST /api/v1/admin/erase}, with the configured admin token) to erase Macs through
 * the MDM (docs/mdm.md, "The erase flow"). Only Macs whose policy says {@code erase} and that the MDM has
 * named are erased; the others are listed with the reason. More Macs than {@code erase.confirm_above} need
 * {@code --yes} with their count, so a typo cannot erase a lab.
 */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = "Erase Apple silicon and T2 Macs through the MDM, then run their workflow (asks the running"
                + " server). --dry-run prints what would be sent to each Mac.")
public final class EraseCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AdminRequests admin;

    @Option(names = "--mac", paramLabel = "MAC", description = "a Mac to erase (repeatable)")
    List<String> macs = new ArrayList<>();

    @Option(names = "--serial", paramLabel = "SERIAL", description = "a Mac to erase, by serial (repeatable)")
    List<String> serials = new ArrayList<>();

    @Option(names = "--group", paramLabel = "NAME", description = "every Mac of a group (repeatable)")
    List<String> groups = new ArrayList<>();

    @Option(names = "--dry-run", description = "print what would be sent to each Mac; erase nothing")
    boolean dryRun;

    @Option(names = "--yes", paramLabel = "N", description = "confirm erasing N Macs (needed above erase.confirm_above)")
    Integer yes;

    @Option(names = "--json", description = "print the server's JSON answer")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (macs.isEmpty() && serials.isEmpty() && groups.isEmpty()) {
            err.println("erase: name the Macs with --mac, --serial or --group");
            err.flush();
            return ServiceExit.USAGE;
        }
        Optional<OrchardConfig> loaded = admin.load(err, "erase");
        if (loaded.isEmpty()) {
            return ServiceExit.FAILED;
        }
        OrchardConfig c = loaded.get();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("macs", macs);
            body.put("serials", serials);
            body.put("groups", groups);
            body.put("dryRun", dryRun);
            if (yes != null) {
                body.put("confirm", yes);
            }
            HttpResponse<String> r = admin.post(c, "/api/v1/admin/erase", body, Duration.ofSeconds(60));
            JsonNode answer = JSON.readTree(r.body());
            if (json) {
                out.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(answer));
            } else if (answer.has("machines")) {
                out.print(render(answer));
            }
            out.flush();
            if (r.statusCode() != 200) {
                err.println("the server refused: " + r.statusCode() + " " + answer.path("message").asText(r.body())
                        + (r.statusCode() == 409 ? " (orchard erase … --yes " + answer.path("toErase").asInt() + ")"
                        : ""));
                err.flush();
                return ServiceExit.FAILED;
            }
            return ServiceExit.OK;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("cannot ask the server to erase: " + e.getMessage());
            err.flush();
            return ServiceExit.FAILED;
        }
    }

    /** One block per Mac: who, what its policy says, and the commands it gets (or why it is skipped). */
    static String render(JsonNode answer) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode m : answer.get("machines")) {
            sb.append(m.get("mac").asText()).append("  ").append(text(m, "serial")).append("  ")
                    .append(text(m, "model")).append("  policy ").append(text(m, "policy")).append(" (")
                    .append(text(m, "action")).append(")  udid ").append(text(m, "udid")).append('\n');
            if ("skipped".equals(m.path("outcome").asText())) {
                sb.append("    skipped: ").append(text(m, "reason")).append('\n');
                continue;
            }
            int n = 1;
            for (JsonNode cmd : m.get("commands")) {
                sb.append(String.format(Locale.ROOT, "    %d. %s", n++, cmd.get("requestType").asText()));
                cmd.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("requestType") && !f.getKey().equals("sentWhen")) {
                        sb.append(' ').append(f.getKey()).append('=').append(f.getValue().isTextual()
                                ? f.getValue().asText() : f.getValue().toString());
                    }
                });
                if (cmd.has("sentWhen")) {
                    sb.append("  (when ").append(cmd.get("sentWhen").asText()).append(')');
                }
                sb.append('\n');
            }
        }
        boolean dry = answer.path("dryRun").asBoolean();
        int count = answer.path("toErase").asInt();
        sb.append(dry ? "dry run: " + count + " Mac(s) would be erased" : answer.path("started").size()
                + " erase(s) started").append("; ").append(answer.path("erasesInLastHour").asInt())
                .append(" started in the last hour (max ").append(answer.path("maxPerHour").asInt()).append(")");
        if (answer.path("confirmationNeeded").asBoolean()) {
            sb.append("; more than ").append(answer.path("confirmAbove").asInt()).append(": needs --yes ").append(count);
        }
        return sb.append('\n').toString();
    }

    private static String text(JsonNode m, String key) {
        return m.path(key).isNull() || m.path(key).isMissingNode() ? "-" : m.get(key).asText();
    }
}
