package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.testkit.LeakCheckExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static dev.orchard.ops.wiring.ServeFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/admin/rerun} and {@code orchard rerun} on a real {@code orchard serve} (docs/rerun.md): a Mac
 * whose run was let in asks again with a new claim and no ticket — refused (409, the ticket was claimed); the route needs the admin token and
 * a known Mac; after it (and after the CLI) the machine API and {@code orchard machines} show the mark, the same
 * request is let in, the mark is gone, and the marks were counted.
 */
@ExtendWith(LeakCheckExtension.class)
class RerunApiIT {

    private static final String MAC = "02:0d:00:00:00:07";

    @TempDir
    Path dir;

    @Test
    void theAdminApiAndTheCliMarkAMacThatItsNextRunConsumes() throws Exception {
        try (ServeFixture f = ServeFixture.start(dir)) {
            f.plan(MAC, "C02RERUN0007", ServeFixture.RESTORE_MODEL); // one run, let in from 127.0.0.1 by a code
            assertThat(planWithoutTicket(f).statusCode()).as("a new agent run without a ticket").isIn(403, 409);

            assertThat(f.post("/api/v1/admin/rerun", null, body(MAC)).statusCode()).isEqualTo(401);
            assertThat(f.post("/api/v1/admin/rerun", f.adminToken(), body("02:0d:00:00:00:99")).statusCode())
                    .as("a Mac the journal does not know").isEqualTo(400);
            HttpResponse<String> asked = f.post("/api/v1/admin/rerun", f.adminToken(), body(MAC));
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
            JsonNode mark = JSON.readTree(asked.body());
            assertThat(mark.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(mark.get("requestedAt").asText()).matches("\\d{4}-.*Z");
            assertThat(machine(f).get("rerun").get("by").asText()).isEqualTo("admin api");

            AdminApiParityIT.Run cli = AdminApiParityIT.cli("rerun", "--config", f.config.toString(),
                    "--server", f.server.httpUrl(), "--mac", MAC);
            assertThat(cli.code()).as(cli.err()).isZero();
            assertThat(cli.out()).contains("re-run requested for " + MAC).contains("from 127.0.0.1");
            AdminApiParityIT.Run table = AdminApiParityIT.cli("machines", "--config", f.config.toString());
            assertThat(table.out().lines().filter(l -> l.startsWith(MAC)).toList()).as(table.out() + table.err())
                    .singleElement().asString().contains("(re-run requested)");

            HttpResponse<String> again = planWithoutTicket(f);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(machine(f).get("rerun").isNull()).as("consumed by the run it let in").isTrue();
            assertThat(planWithoutTicket(f).statusCode()).as("one-shot").isIn(403, 409);
            assertThat(ServeFixture.sample(f.metrics(), "orchard_agent_tickets_total{origin=\"rerun\"}")).isEqualTo(2);
        }
    }

    private static String body(String mac) {
        return "{\"mac\":\"" + mac + "\"}";
    }

    private static JsonNode machine(ServeFixture f) throws Exception {
        return JSON.readTree(f.get("/api/v1/machines/" + MAC, f.adminToken()).body());
    }

    /** A plan request of a new agent run (its own claim) with no ticket, from the Mac's last address. */
    private static HttpResponse<String> planWithoutTicket(ServeFixture f) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(f.url("/api/v1/plan?mac=" + MAC + "&serial=C02RERUN0007&model="
                        + ServeFixture.RESTORE_MODEL))).timeout(Duration.ofSeconds(30))
                .header("X-Orchard-Claim", UUID.randomUUID().toString()).build();
        return f.http.send(r, HttpResponse.BodyHandlers.ofString());
    }
}
