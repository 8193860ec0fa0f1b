package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import dev.orchard.agent.Agent;
import dev.orchard.agent.AgentResult;
import dev.orchard.agent.cli.AgentArguments;
import dev.orchard.agent.cli.ManagedPreferences;
import dev.orchard.agent.run.AgentOptions;
import dev.orchard.mdmsim.QueuedCommand;
import dev.orchard.mdmsim.Reaction;
import dev.orchard.mdmsim.SimulatedMac;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modern-Mac path end to end (docs/mdm.md, "What is tested end to end"): {@code POST /api/v1/admin/erase} on a
 * real {@code orchard serve} over HTTPS drives the erase flow, which drives the NanoMDM stub through the server's
 * own gateway; the simulated Macs answer, vanish, enroll again, keep the enrollment profile's managed preferences
 * as macOS does and, when the agent's package reaches them, the test starts the <em>real</em> agent there with
 * {@code --managed-prefs} and nothing else: it is let in by the one-time code of its Mac's profile alone (no admin
 * code anywhere). Counts are exact: each Mac is sent each command once, whatever the webhook loses or repeats.
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
    static final EraseLab.LabMac TARGET =
            new EraseLab.LabMac("02:0e:00:00:10:06", "C02E2E000006", "00008112-000E2E0000000006", "solo");
    static final List<String> ALL = List.of("DeviceInformation", "SecurityInfo", "EraseDevice", "InstallProfile",
            "InstallEnterpriseApplication", "RemoveProfile");

    @TempDir
    static Path dir;
    static EraseLab lab;
    static SSLContext before;
    /** The real agents started by the simulated Macs' package installs, by MAC. */
    static final Map<String, CompletableFuture<AgentResult>> agents = new ConcurrentHashMap<>();
    /** Macs whose agent the test runs itself (the stolen-code case). */
    static final Set<String> byHand = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        lab = EraseLab.startCheckedIn(dir, List.of(LAB.get(0), LAB.get(1), LAB.get(2), TOKENLESS, FLAKY, TARGET));
        // the agent's HTTP client takes the JVM's default SSLContext: trust the server's test certificate
        before = SSLContext.getDefault();
        SSLContext.setDefault(EraseLab.trusting(dir.resolve("cert.pem")));
        lab.onAgentPackage = install -> {
            EraseLab.LabMac m = byUdid(install.mac().udid());
            if (!byHand.contains(m.mac())) {
                agents.put(m.mac(), CompletableFuture.supplyAsync(() -> realAgent(m, install.managedPreferences())));
            }
        };
    }

    @AfterAll
    static void stop() {
        if (before != null) {
            SSLContext.setDefault(before);
        }
        if (lab != null) {
            lab.close();
        }
    }

    /**
     * The agent as the package's launch daemon would start it on the erased Mac: the managed preferences its
     * profile left, the Mac's identity (read from the system on a real Mac), the generic backend in a sandbox.
     */
    static AgentResult realAgent(EraseLab.LabMac m, Path managedPreferences) {
        try {
            Path work = Files.createDirectories(dir.resolve("agent-" + m.serial()));
            AgentOptions options = AgentArguments.parse(List.of("--managed-prefs", managedPreferences.toString(),
                    "--mac", m.mac(), "--serial", m.serial(), "--model", EraseLab.MODEL, "--backend", "generic",
                    "--target", work.resolve("disk.img").toString(), "--work", work.toString(), "--no-reboot",
                    "--report-timeout", "30s")).options();
            return Agent.run(options);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EraseLab.LabMac byUdid(String udid) {
        return java.util.stream.Stream.concat(LAB.stream(), java.util.stream.Stream.of(TOKENLESS, FLAKY, TARGET))
                .filter(m -> m.udid().equals(udid)).findFirst().orElseThrow();
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
            assertThat(row.get("commands").findValuesAsText("requestType")).containsExactlyElementsOf(ALL);
            assertThat(row.get("commands").get(4).get("ManifestURL").asText()).isEqualTo(manifestUrl(m));
            // the dry run names the profile's settings, never a code (none exists before the Mac is back)
            assertThat(row.get("commands").get(3).get("settings").toString()).contains("EnrollmentCode");
            assertThat(row.get("commands").get(3).has("EnrollmentCode")).isFalse();
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

        double granted = lab.metric("orchard_agent_admissions_total{result=\"granted\"}");
        for (EraseLab.LabMac m : LAB) {
            assertThat(lab.awaitStage(m, "agent-package-sent").get("udid").asText()).isEqualTo(m.udid());
            Map<String, String> prefs = settings(lab.command(m, "InstallProfile"));
            assertThat(prefs.get("ServerURL")).isEqualTo(lab.api());
            assertThat(prefs.get("EnrollmentCode")).matches("([0-9A-Z]{5}-){5}[0-9A-Z]");
        }
        assertThat(LAB.stream().map(m -> settings(lab.command(m, "InstallProfile")).get("EnrollmentCode")).distinct())
                .as("one code per Mac").hasSize(3);
        for (EraseLab.LabMac m : LAB) {
            finishWithTheRealAgent(m);
        }
        assertThat(lab.metric("orchard_agent_admissions_total{result=\"granted\"}") - granted).isEqualTo(3.0);
        for (EraseLab.LabMac m : LAB) {
            assertThat(lab.commands(m)).containsExactlyElementsOf(ALL);
            assertThat(ErasedMacAgent.story(lab, m.udid(), from)).containsExactly("DeviceInformation Acknowledged",
                    "SecurityInfo Acknowledged", "EraseDevice Acknowledged", "mdm.Authenticate", "mdm.TokenUpdate",
                    "InstallProfile Acknowledged", "InstallEnterpriseApplication Acknowledged",
                    "RemoveProfile Acknowledged");
            Map<String, Object> erase = lab.command(m, "EraseDevice").fields();
            assertThat(erase).containsEntry("ObliterationBehavior", "DoNotObliterate").doesNotContainKeys("PIN",
                    "PreserveDataPlan", "DisallowProximitySetup");
            assertThat(lab.command(m, "InstallEnterpriseApplication").fields())
                    .containsEntry("ManifestURL", manifestUrl(m));
            assertThat(lab.command(m, "RemoveProfile").fields()).containsEntry("Identifier",
                    "dev.orchard.agent.enrollment");
            assertThat(lab.macs.get(m.mac()).erases()).isEqualTo(1);
        }
        assertThat(lab.metric("orchard_erase_done_total") - doneBefore).isEqualTo(3.0);
        assertThat(lab.metric("orchard_erase_agent_profiles_total{step=\"removed\"}")).isEqualTo(3.0);
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
        assertThat(lab.agentPreferences(TOKENLESS)).as("no profile, no code").doesNotExist();
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
            lab.push(FLAKY.udid()); // NanoMDM pushes again (an admin, another tool): the Mac connects and erases
            JsonNode mdm = lab.awaitStage(FLAKY, "agent-package-sent");
            assertThat(mdm.get("reason").isNull()).isTrue();
        } finally {
            lab.stub.duplicateWebhooks(false);
        }
        assertThat(lab.commands(FLAKY)).containsExactlyElementsOf(ALL.subList(0, 5));
        assertThat(ErasedMacAgent.story(lab, FLAKY.udid(), from)).containsExactly(
                "DeviceInformation Acknowledged", "DeviceInformation Acknowledged",
                "SecurityInfo Acknowledged", "SecurityInfo Acknowledged",
                "lost EraseDevice Acknowledged",
                "mdm.Authenticate", "mdm.Authenticate", "mdm.TokenUpdate", "mdm.TokenUpdate",
                "InstallProfile Acknowledged", "InstallProfile Acknowledged",
                "InstallEnterpriseApplication Acknowledged", "InstallEnterpriseApplication Acknowledged");
        assertThat(mac.erases()).isEqualTo(1);
        finishWithTheRealAgent(FLAKY);
        assertThat(lab.commands(FLAKY)).containsExactlyElementsOf(ALL);
    }

    @Test
    @Order(4)
    void aCodeStolenByAnotherMacOrReplayedIsRefusedCountedAndTheRealAgentIsLetIn() throws Exception {
        byHand.add(TARGET.mac());
        lab.erase("{\"macs\":[\"" + TARGET.mac() + "\"]}", 200);
        lab.awaitStage(TARGET, "agent-package-sent");
        String code = ManagedPreferences.read(lab.agentPreferences(TARGET)).enrollmentCode();
        EraseLab.LabMac other = LAB.get(0);

        // another Mac's agent (another MAC), and this MAC with another Mac's serial: both refused, and counted
        HttpResponse<String> stolen = plan(other.mac(), other.serial(), code, "thief");
        assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(403);
        assertThat(stolen.body()).contains("issued for another Mac");
        HttpResponse<String> wrongSerial = plan(TARGET.mac(), other.serial(), code, "thief");
        assertThat(wrongSerial.statusCode()).as(wrongSerial.body()).isEqualTo(403);
        assertThat(wrongSerial.body()).contains("bound to serial " + TARGET.serial());
        assertThat(lab.metric("orchard_agent_admissions_total{result=\"code_other_machine\"}")).isEqualTo(2.0);

        // the real agent, with nothing but the managed preferences, is let in and runs the workflow
        AgentResult result = realAgent(TARGET, lab.agentPreferences(TARGET));
        assertThat(result.ok()).as(result.toString()).isTrue();
        // the code is spent: sent again (by whoever copied it) it is refused as a replay
        HttpResponse<String> replay = plan(TARGET.mac(), TARGET.serial(), code, "replayer");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(403);
        assertThat(replay.body()).contains("already used");
        assertThat(lab.metric("orchard_agent_admissions_total{result=\"code_replayed\"}")).isEqualTo(1.0);

        lab.tick();
        assertThat(lab.awaitStage(TARGET, "done").get("detail").asText()).isEqualTo("the agent finished its run");
        assertThat(lab.agentPreferences(TARGET)).as("RemoveProfile took the code off the Mac").doesNotExist();
        assertThat(lab.commands(TARGET)).containsExactlyElementsOf(ALL);
    }

    /**
     * The real agent, started by the Mac's package install, ran its plan with the profile's code (the flow is
     * still at agent-package-sent: it follows reports at its tick); the tick sees its {@code done}, sends
     * RemoveProfile, the Mac acknowledges and deletes the managed preferences, and the flow is done.
     */
    private static void finishWithTheRealAgent(EraseLab.LabMac m) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!agents.containsKey(m.mac()) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(agents).as("the package install started the agent on " + m).containsKey(m.mac());
        AgentResult result = agents.get(m.mac()).get(60, TimeUnit.SECONDS);
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.action()).isEqualTo("thin");
        lab.tick();
        JsonNode mdm = lab.awaitStage(m, "done");
        assertThat(mdm.get("detail").asText()).isEqualTo("the agent finished its run");
        assertThat(lab.agentPreferences(m)).as("RemoveProfile took the code off the Mac").doesNotExist();
        JsonNode machine = ServeFixture.JSON.readTree(lab.send("GET", "/api/v1/machines/" + m.mac(),
                lab.adminToken(), null, Map.of()).body());
        assertThat(machine.get("name").asText()).isEqualTo("m-" + m.serial());
        assertThat(machine.get("stage").asText()).isEqualTo("done");
    }

    /** A plan request as an agent makes it, with a code and a claim of its own. */
    private static HttpResponse<String> plan(String mac, String serial, String code, String claim) throws Exception {
        return lab.send("GET", "/api/v1/plan?mac=" + mac + "&serial=" + serial + "&model=" + EraseLab.MODEL, null,
                null, Map.of("X-Orchard-Ticket", code, "X-Orchard-Claim", claim));
    }

    /** The managed-preferences settings inside an InstallProfile command's profile. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> settings(QueuedCommand installProfile) {
        try {
            NSDictionary profile = (NSDictionary) PropertyListParser.parse((byte[]) installProfile.fields()
                    .get("Payload"));
            NSDictionary payload = (NSDictionary) ((NSArray) profile.get("PayloadContent")).objectAtIndex(0);
            NSDictionary domain = (NSDictionary) ((NSDictionary) payload.get("PayloadContent")).get("dev.orchard.agent");
            NSDictionary forced = (NSDictionary) ((NSArray) domain.get("Forced")).objectAtIndex(0);
            return (Map<String, String>) (Map<?, ?>) ((NSDictionary) forced.get("mcx_preference_settings"))
                    .toJavaObject();
        } catch (Exception e) {
            throw new AssertionError("not a profile: " + e, e);
        }
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
}
