package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.mdmsim.Reaction;
import dev.orchard.mdmsim.SimulatedMac;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modern-Mac path end to end (docs/mdm.md, "What is tested end to end"): {@code POST /api/v1/admin/erase} on a
 * real {@code orchard serve} over HTTPS drives the erase flow, which drives the NanoMDM stub through the server's
 * own gateway; the simulated Macs answer, vanish, enroll again and the stub's webhook reports it all to the
 * server's route; the test plays the agent over the agent API. Counts are exact: each Mac is sent each command
 * once, whatever the webhook loses or repeats.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EraseEndToEndIT {

    static final List<EraseLab.LabMac> LAB = List.of(
            new EraseLab.LabMac("02:0e:00:00:10:01", "C02E2E000001", "00008112-000E2E0000000001", "lab"),
            new EraseLab.LabMac("02:0e:00:00:10:02", "C02E2E000002", "00008112-000E2E0000000002", "lab"),
            new EraseLab.LabMac("02:0e:00:00:10:03", "C02E2E000003", "00008112-000E2E0000000003", "lab"));
    static final EraseLab.LabMac TOKENLESS =
            new EraseLab.LabMac("02:0e:00:00:10:04", "C02E2E000004", "00008112-000E2E0000000004", "tokenless");
    static final EraseLab.LabMac FLAKY =
            new EraseLab.LabMac("02:0e:00:00:10:05", "C02E2E000005", "00008112-000E2E0000000005", "flaky");
    static final List<String> ALL_FOUR = List.of("DeviceInformation", "SecurityInfo", "EraseDevice",
            "InstallEnterpriseApplication");

    @TempDir
    static Path dir;
    static EraseLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = EraseLab.startCheckedIn(dir, List.of(LAB.get(0), LAB.get(1), LAB.get(2), TOKENLESS, FLAKY));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void aDryRunThenTheConfirmedEraseTakesThreeMacsAllTheWayToDone() throws Exception {
        JsonNode dry = lab.erase("{\"groups\":[\"lab\"],\"dryRun\":true}", 200);
        assertThat(dry.get("toErase").asInt()).isEqualTo(3);
        assertThat(dry.get("confirmationNeeded").asBoolean()).isTrue();
        assertThat(dry.get("started")).isEmpty();
        for (EraseLab.LabMac m : LAB) {
            JsonNode row = row(dry, m.mac());
            assertThat(row.get("outcome").asText()).isEqualTo("erase");
            assertThat(row.get("udid").asText()).isEqualTo(m.udid());
            assertThat(row.get("commands").findValuesAsText("requestType")).containsExactlyElementsOf(ALL_FOUR);
            assertThat(row.get("commands").get(3).get("ManifestURL").asText()).isEqualTo(manifestUrl(m));
            // what the dry run shows is what is sent: no iOS-only key (Apple's device.erase.yaml: n/a on macOS)
            assertThat(row.get("commands").get(2).has("DisallowProximitySetup")).isFalse();
        }
        assertThat(LAB).allSatisfy(m -> assertThat(lab.commands(m)).as("a dry run sends nothing").isEmpty());
        assertThat(lab.erase("{\"groups\":[\"lab\"]}", 409).get("message").asText()).contains("confirm 3");
        assertThat(LAB).allSatisfy(m -> assertThat(lab.commands(m)).isEmpty());

        int from = lab.stub.webhooks().size();
        double doneBefore = lab.metric("orchard_erase_done_total");
        JsonNode started = lab.erase("{\"groups\":[\"lab\"],\"confirm\":3}", 200);
        assertThat(started.get("started")).hasSize(3);

        for (EraseLab.LabMac m : LAB) {
            assertThat(lab.awaitStage(m, "agent-package-sent").get("udid").asText()).isEqualTo(m.udid());
        }
        for (EraseLab.LabMac m : LAB) {
            assertThat(lab.commands(m)).containsExactlyElementsOf(ALL_FOUR);
            assertThat(ErasedMacAgent.story(lab, m.udid(), from)).containsExactly("DeviceInformation Acknowledged",
                    "SecurityInfo Acknowledged", "EraseDevice Acknowledged", "mdm.Authenticate", "mdm.TokenUpdate",
                    "InstallEnterpriseApplication Acknowledged");
            Map<String, Object> erase = lab.command(m, "EraseDevice").fields();
            assertThat(erase).containsEntry("ObliterationBehavior", "DoNotObliterate").doesNotContainKeys("PIN",
                    "PreserveDataPlan", "DisallowProximitySetup");
            assertThat(lab.command(m, "InstallEnterpriseApplication").fields())
                    .containsEntry("ManifestURL", manifestUrl(m));
            assertThat(lab.macs.get(m.mac()).erases()).isEqualTo(1);
        }
        for (EraseLab.LabMac m : LAB) {
            runTheAgent(m);
        }
        assertThat(lab.metric("orchard_erase_done_total") - doneBefore).isEqualTo(3.0);
        JsonNode list = ServeFixture.JSON.readTree(lab.send("GET", "/api/v1/machines?group=lab", lab.adminToken(),
                null, Map.of()).body());
        assertThat(list.get("machines").findValuesAsText("eraseStage")).containsExactly("done", "done", "done");
        assertThat(list.get("machines").findValuesAsText("mac")).containsExactlyElementsOf(
                LAB.stream().map(EraseLab.LabMac::mac).toList());
    }

    @Test
    @Order(2)
    void aMacWithoutABootstrapTokenIsRefusedAndNeverSentEraseDevice() throws Exception {
        SimulatedMac mac = lab.macs.get(TOKENLESS.mac()).withoutBootstrapToken();
        lab.erase("{\"macs\":[\"" + TOKENLESS.mac() + "\"]}", 200);

        JsonNode mdm = lab.awaitStage(TOKENLESS, "refused");
        assertThat(mdm.get("reason").asText()).isEqualTo("no-bootstrap-token");
        assertThat(lab.commands(TOKENLESS)).containsExactly("DeviceInformation", "SecurityInfo");
        assertThat(mac.erases()).isZero();
        assertThat(lab.metric("orchard_erase_failed_total{reason=\"no_bootstrap_token\"}")).isEqualTo(1.0);
    }

    @Test
    @Order(3)
    void aLostAndDuplicatedWebhooksStillSendEachCommandOnceAndTheCheckInMakesUpForTheLostAcknowledgement()
            throws Exception {
        SimulatedMac mac = lab.macs.get(FLAKY.mac());
        int from = lab.stub.webhooks().size();
        lab.stub.duplicateWebhooks(true);
        // the Mac drops off the network as it fetches EraseDevice (it stays queued at the MDM); when it is back
        // and pushed again, it erases, and the stub loses its Idle and its Acknowledged report
        mac.answerOnce("EraseDevice", Reaction.silent());
        try {
            lab.erase("{\"macs\":[\"" + FLAKY.mac() + "\"]}", 200);
            lab.awaitStage(FLAKY, "erase-sent");
            assertThat(mac.erases()).isZero();
            assertThat(lab.stub.queue(FLAKY.udid())).hasSize(1);
            mac.goOnline();
            lab.stub.loseNextWebhooks(2);
            push(FLAKY.udid()); // NanoMDM pushes again (an admin, another tool): the Mac connects and erases
            JsonNode mdm = lab.awaitStage(FLAKY, "agent-package-sent");
            assertThat(mdm.get("reason").isNull()).isTrue();
        } finally {
            lab.stub.duplicateWebhooks(false);
        }
        assertThat(lab.commands(FLAKY)).containsExactlyElementsOf(ALL_FOUR);
        assertThat(ErasedMacAgent.story(lab, FLAKY.udid(), from)).containsExactly(
                "DeviceInformation Acknowledged", "DeviceInformation Acknowledged",
                "SecurityInfo Acknowledged", "SecurityInfo Acknowledged",
                "lost EraseDevice Acknowledged",
                "mdm.Authenticate", "mdm.Authenticate", "mdm.TokenUpdate", "mdm.TokenUpdate",
                "InstallEnterpriseApplication Acknowledged", "InstallEnterpriseApplication Acknowledged");
        assertThat(mac.erases()).isEqualTo(1);
        runTheAgent(FLAKY);
    }

    /** The agent's run: its plan, a first event (the flow sees it run), then {@code done succeeded}. */
    private static void runTheAgent(EraseLab.LabMac m) throws Exception {
        ErasedMacAgent agent = new ErasedMacAgent(lab, m);
        JsonNode plan = agent.plan();
        assertThat(plan.get("action").asText()).isEqualTo("thin");
        assertThat(plan.get("workflow").get("steps").findValuesAsText("value")).containsExactly("lab-" + m.serial());
        agent.report("plan", "succeeded");
        lab.tick();
        assertThat(lab.mdm(m).get("eraseStage").asText()).isEqualTo("agent-reported");
        agent.report("done", "succeeded");
        lab.tick();
        JsonNode mdm = lab.mdm(m);
        assertThat(mdm.get("eraseStage").asText()).isEqualTo("done");
        assertThat(mdm.get("detail").asText()).isEqualTo("the agent finished its run");
    }

    private static String manifestUrl(EraseLab.LabMac m) {
        return lab.api() + "/mdm/agent/" + m.mac() + "/manifest.plist";
    }

    private static JsonNode row(JsonNode answer, String mac) {
        for (JsonNode m : answer.get("machines")) {
            if (m.get("mac").asText().equals(mac)) {
                return m;
            }
        }
        throw new AssertionError("no row for " + mac + " in " + answer);
    }

    /** {@code GET /v1/push/{udid}} on the stub, as NanoMDM's API is called with its key. */
    private static void push(String udid) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("nanomdm:" + EraseLab.API_KEY)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(lab.stub.baseUrl() + "v1/push/" + udid)).header("Authorization", "Basic " + basic)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
