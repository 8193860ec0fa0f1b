package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.mdmsim.ApiCall;
import dev.orchard.mdmsim.NanoMdmStub;
import dev.orchard.mdmsim.Reaction;
import dev.orchard.mdmsim.SimulatedMac;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The erase flow's faults end to end, on a real {@code orchard serve} against the NanoMDM stub: the MDM's API
 * down (503 from a proxy) then back, a Mac that never comes back after its erase, and the server stopped and
 * started again on the same data_dir between EraseDevice and the Mac's check-in. Time passes on the server's
 * clock ({@link EraseLab#advance}); the flow's retry delays are 5 s then 10 s (EraseFlow), the timeouts those of
 * the test's {@code erase:} settings. Each test leaves no flow running, as the next one moves the clock.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EraseFaultsIT {

    static final EraseLab.LabMac DOWN =
            new EraseLab.LabMac("02:0e:00:00:20:01", "C02FLT000001", "00008112-000F17000000001", "down");
    static final EraseLab.LabMac GONE =
            new EraseLab.LabMac("02:0e:00:00:20:02", "C02FLT000002", "00008112-000F17000000002", "gone");
    static final EraseLab.LabMac RESTART =
            new EraseLab.LabMac("02:0e:00:00:20:03", "C02FLT000003", "00008112-000F17000000003", "restart");
    static final EraseLab.LabMac PENDING =
            new EraseLab.LabMac("02:0e:00:00:20:04", "C02FLT000004", "00008112-000F17000000004", "pending");
    static final EraseLab.LabMac PROFILED =
            new EraseLab.LabMac("02:0e:00:00:20:05", "C02FLT000005", "00008112-000F17000000005", "profiled");
    static final EraseLab.LabMac LATE =
            new EraseLab.LabMac("02:0e:00:00:20:06", "C02FLT000006", "00008112-000F17000000006", "late");

    @TempDir
    static Path dir;
    static EraseLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = EraseLab.startCheckedIn(dir, List.of(DOWN, GONE, RESTART, PENDING, PROFILED, LATE));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void theMdmDownIsRetriedWithTheSameCommandUntilItIsBackAndNothingIsSentTwice() throws Exception {
        double retriesBefore = lab.metric("orchard_erase_command_retries_total");
        lab.stub.apiFault(NanoMdmStub.ApiFault.SERVICE_UNAVAILABLE);
        try {
            lab.erase("{\"macs\":[\"" + DOWN.mac() + "\"]}", 200);
            assertThat(refusedEnqueues()).isEqualTo(1);
            lab.advance(Duration.ofSeconds(4));
            lab.tick();
            assertThat(refusedEnqueues()).as("not before the 5 s delay").isEqualTo(1);
            lab.advance(Duration.ofSeconds(1));
            lab.tick();
            assertThat(refusedEnqueues()).isEqualTo(2);
            assertThat(lab.mdm(DOWN).get("eraseStage").asText()).isEqualTo("querying");
        } finally {
            lab.stub.apiFault(NanoMdmStub.ApiFault.NONE);
        }
        lab.advance(Duration.ofSeconds(10)); // the second delay doubles
        lab.tick();
        lab.awaitStage(DOWN, "agent-package-sent");

        assertThat(lab.commands(DOWN)).containsExactly("DeviceInformation", "SecurityInfo", "EraseDevice",
                "InstallProfile", "InstallEnterpriseApplication");
        assertThat(lab.metric("orchard_erase_command_retries_total") - retriesBefore).isEqualTo(2.0);
        assertThat(refusedEnqueues()).isEqualTo(2);
        runTheAgent(DOWN);
    }

    @Test
    @Order(2)
    void aMacThatNeverComesBackTimesOutWithItsReason() throws Exception {
        SimulatedMac mac = lab.macs.get(GONE.mac()).answerOnce("EraseDevice", Reaction.eraseAndStayAway());
        lab.erase("{\"macs\":[\"" + GONE.mac() + "\"]}", 200);
        lab.awaitStage(GONE, "erase-acknowledged");
        assertThat(mac.online()).as("wiped: it answers nothing").isFalse();

        lab.advance(Duration.ofMinutes(10)); // reenroll_timeout is 10m: not yet over
        lab.tick();
        assertThat(lab.mdm(GONE).get("eraseStage").asText()).isEqualTo("erase-acknowledged");
        lab.advance(Duration.ofSeconds(1));
        lab.tick();
        JsonNode mdm = lab.mdm(GONE);
        assertThat(mdm.get("eraseStage").asText()).isEqualTo("timed-out");
        assertThat(mdm.get("reason").asText()).isEqualTo("never-came-back");
        assertThat(mdm.get("detail").asText()).isEqualTo("the Mac did not enroll again within PT10M of the erase");
        assertThat(lab.commands(GONE)).containsExactly("DeviceInformation", "SecurityInfo", "EraseDevice");
        assertThat(mac.erases()).isEqualTo(1);
        assertThat(lab.metric("orchard_erase_failed_total{reason=\"never_came_back\"}")).isEqualTo(1.0);
    }

    @Test
    @Order(3)
    void aServerRestartBetweenTheEraseAndTheCheckInLosesNothingAndSendsNothingTwice() throws Exception {
        SimulatedMac mac = lab.macs.get(RESTART.mac()).answerOnce("EraseDevice", Reaction.eraseAndStayAway());
        lab.erase("{\"macs\":[\"" + RESTART.mac() + "\"]}", 200);
        lab.awaitStage(RESTART, "erase-acknowledged");

        lab.restart();
        assertThat(lab.mdm(RESTART).get("eraseStage").asText()).as("the journal kept the flow")
                .isEqualTo("erase-acknowledged");
        lab.tick(); // the new server's flow resumed: nothing in doubt, nothing to send
        mac.comeBack();
        lab.awaitStage(RESTART, "agent-package-sent");

        assertThat(lab.commands(RESTART)).containsExactly("DeviceInformation", "SecurityInfo", "EraseDevice",
                "InstallProfile", "InstallEnterpriseApplication");
        assertThat(lab.command(RESTART, "InstallEnterpriseApplication").fields())
                .containsEntry("ManifestURL", lab.api() + "/mdm/agent/" + RESTART.mac() + "/manifest.plist");
        assertThat(mac.erases()).isEqualTo(1);
        runTheAgent(RESTART);
    }

    @Test
    @Order(4)
    void aRestartWhileACommandWaitsForTheMdmResumesItThroughTheMdmNeverFailsIt() throws Exception {
        // the resumed flow must go through the configured gateway: resumed before it was connected, the
        // waiting command met "no MDM" and the flow ended failed (mdm-refused) for good
        lab.stub.apiFault(NanoMdmStub.ApiFault.SERVICE_UNAVAILABLE);
        long before = refusedEnqueues();
        try {
            lab.erase("{\"macs\":[\"" + PENDING.mac() + "\"]}", 200);
            assertThat(refusedEnqueues() - before).isEqualTo(1);
            lab.advance(Duration.ofSeconds(6)); // the retry is due when the new server resumes the flow
            lab.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (refusedEnqueues() - before < 2 && System.nanoTime() < deadline
                    && lab.mdm(PENDING).get("eraseStage").asText().equals("querying")) {
                Thread.sleep(50);
            }
            assertThat(lab.mdm(PENDING).get("eraseStage").asText()).as("still waiting for the MDM")
                    .isEqualTo("querying");
            assertThat(refusedEnqueues() - before).as("the resumed command went to the MDM").isEqualTo(2);
        } finally {
            lab.stub.apiFault(NanoMdmStub.ApiFault.NONE);
        }
        lab.advance(Duration.ofSeconds(20)); // past the doubled retry delay, inside answer_timeout (1m)
        lab.tick();
        lab.awaitStage(PENDING, "agent-package-sent");
        assertThat(lab.commands(PENDING)).containsExactly("DeviceInformation", "SecurityInfo", "EraseDevice",
                "InstallProfile", "InstallEnterpriseApplication");
        runTheAgent(PENDING);
    }

    @Test
    @Order(5)
    void aRestartBetweenTheProfileAndThePackageSendsEachOnceAndTheCodeStillWorks() throws Exception {
        // the Mac takes the profile but says NotNow (busy): InstallProfile stays queued, the flow waits at
        // profile-sent with the command handed over; the server restarts there
        SimulatedMac mac = lab.macs.get(PROFILED.mac()).answerOnce("InstallProfile", Reaction.notNow());
        lab.erase("{\"macs\":[\"" + PROFILED.mac() + "\"]}", 200);
        lab.awaitStage(PROFILED, "profile-sent");
        assertThat(lab.agentPreferences(PROFILED)).doesNotExist();

        lab.restart();
        assertThat(lab.mdm(PROFILED).get("eraseStage").asText()).isEqualTo("profile-sent");
        lab.tick();
        lab.push(PROFILED.udid()); // the Mac connects again: the queued profile comes again, and is installed
        lab.awaitStage(PROFILED, "agent-package-sent");
        assertThat(lab.agentPreferences(PROFILED)).exists();
        assertThat(lab.commands(PROFILED)).containsExactly("DeviceInformation", "SecurityInfo", "EraseDevice",
                "InstallProfile", "InstallEnterpriseApplication");
        assertThat(mac.erases()).isEqualTo(1);
        runTheAgent(PROFILED); // the code of the profile sent before the restart lets the agent in after it
    }

    @Test
    @Order(6)
    void anExpiredCodeIsRefusedAndTheFlowEndsWithTheProfileRemoved() throws Exception {
        lab.erase("{\"macs\":[\"" + LATE.mac() + "\"]}", 200);
        lab.awaitStage(LATE, "agent-package-sent");
        lab.advance(Duration.ofMinutes(61)); // erase.agent_code_ttl is 1h by default
        double expired = lab.metric("orchard_agent_admissions_total{result=\"code_expired\"}");
        ErasedMacAgent agent = new ErasedMacAgent(lab, LATE);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(agent::plan)).hasMessageContaining("403")
                .hasMessageContaining("expired");
        assertThat(lab.metric("orchard_agent_admissions_total{result=\"code_expired\"}") - expired).isEqualTo(1.0);

        lab.tick(); // agent_timeout (1m) is long over: the flow ends, taking the profile off the Mac first
        JsonNode mdm = lab.awaitStage(LATE, "timed-out");
        assertThat(mdm.get("reason").asText()).isEqualTo("agent-silent");
        assertThat(lab.commands(LATE)).endsWith("InstallEnterpriseApplication", "RemoveProfile");
        assertThat(lab.agentPreferences(LATE)).doesNotExist();
    }

    /** Enqueues the stub answered 503 (the proxy in front of a restarting NanoMDM). */
    private static long refusedEnqueues() {
        return lab.stub.apiCalls().stream().filter(c -> c.status() == 503)
                .map(ApiCall::pathAndQuery).filter(p -> p.startsWith("/v1/enqueue/")).count();
    }

    private static void runTheAgent(EraseLab.LabMac m) throws Exception {
        ErasedMacAgent agent = new ErasedMacAgent(lab, m);
        agent.plan();
        agent.report("done", "succeeded");
        lab.tick(); // RemoveProfile, acknowledged by the Mac, then done
        lab.awaitStage(m, "done");
        assertThat(lab.commands(m)).endsWith("InstallEnterpriseApplication", "RemoveProfile");
    }
}
