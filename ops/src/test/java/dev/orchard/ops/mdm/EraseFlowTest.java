package dev.orchard.ops.mdm;

import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.orchard.ops.mdm.FlowRig.MAC;
import static dev.orchard.ops.mdm.FlowRig.SERIAL;
import static dev.orchard.ops.mdm.FlowRig.UDID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The erase flow's state machine on a real journal, with a recording MDM: the whole way to done, the
 * refusal when no Bootstrap Token can authorise the erase, answers that are duplicated, late or lost, an MDM
 * that is down then back (or refuses), and Macs and agents that never come back.
 */
class EraseFlowTest {

    @TempDir
    Path dir;
    private FlowRig rig;

    @BeforeEach
    void open() throws Exception {
        rig = new FlowRig(dir);
        rig.authenticate(UDID, SERIAL);
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    /** Drives the Mac from the request to its erase acknowledgement. */
    private void throughTheErase() throws Exception {
        rig.flow.start(MAC, UDID, "after-erase");
        rig.ack(rig.gateway.last("DeviceInformation"), FlowRig.deviceInformation(true, "14.4"));
        rig.ack(rig.gateway.last("SecurityInfo"), FlowRig.securityInfo("allowed"));
        rig.ack(rig.gateway.last("EraseDevice"), Map.of());
    }

    @Test
    void aMacGoesFromTheRequestToDoneWithEachCommandOnce() throws Exception {
        throughTheErase();
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.ERASE_ACKNOWLEDGED);
        rig.authenticate(UDID, SERIAL);
        rig.tokenUpdate(UDID);
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.PROFILE_SENT);
        String flowId = rig.step(MAC).flowId();
        assertThat(rig.enrollment.issued).as("the code is issued once, for this Mac and serial, before it is sent")
                .containsExactly(new FlowRig.RecordingEnrollment.Issued(MAC, java.util.Optional.of(SERIAL), flowId,
                        Duration.ofHours(1)));
        MdmRequest.InstallAgentProfile profile = (MdmRequest.InstallAgentProfile) rig.gateway.last("InstallProfile")
                .request();
        assertThat(profile.domain()).isEqualTo("dev.orchard.agent");
        assertThat(profile.identifier()).isEqualTo("dev.orchard.agent.enrollment");
        assertThat(profile.settings()).containsExactly(Map.entry("ServerURL", "https://127.0.0.1:8443"),
                Map.entry("EnrollmentCode", "CODE-" + flowId));
        assertThat(profile.toString()).as("never the code in a log line").doesNotContain("CODE-");
        assertThat(rig.sentTypes()).as("the package only once the profile is there").doesNotContain(
                "InstallEnterpriseApplication");
        rig.ack(rig.gateway.last("InstallProfile"), Map.of());
        RecordingGateway.Sent install = rig.gateway.last("InstallEnterpriseApplication");
        assertThat(((MdmRequest.InstallEnterpriseApplication) install.request()).manifestUrl().toString())
                .isEqualTo("http://127.0.0.1:8080/mdm/agent/" + MAC + "/manifest.plist");
        rig.ack(install, Map.of());
        assertThat(rig.stage(MAC)).as("an acknowledged package is not an installed one")
                .isEqualTo(EraseStage.AGENT_PACKAGE_SENT);
        rig.agentEvent(Stage.PLAN, EventResult.SUCCEEDED);
        rig.flow.tick();
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.AGENT_REPORTED);
        rig.agentEvent(Stage.DONE, EventResult.SUCCEEDED);
        rig.flow.tick();
        assertThat(rig.stage(MAC)).as("the profile leaves the Mac before the flow ends")
                .isEqualTo(EraseStage.PROFILE_REMOVING);
        assertThat(((MdmRequest.RemoveProfile) rig.gateway.last("RemoveProfile").request()).identifier())
                .isEqualTo("dev.orchard.agent.enrollment");
        assertThat(rig.metrics.done).hasValue(0);
        rig.ack(rig.gateway.last("RemoveProfile"), Map.of());

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.DONE);
        assertThat(rig.step(MAC).detail()).isEqualTo("the agent finished its run");
        assertThat(rig.sentTypes()).containsExactly("DeviceInformation", "SecurityInfo", "EraseDevice",
                "InstallProfile", "InstallEnterpriseApplication", "RemoveProfile");
        assertThat(rig.gateway.sent()).extracting(RecordingGateway.Sent::commandUuid).doesNotHaveDuplicates();
        assertThat(rig.gateway.sent()).allSatisfy(s -> assertThat(s.udid()).isEqualTo(UDID));
        MdmRequest.Erase erase = (MdmRequest.Erase) rig.gateway.last("EraseDevice").request();
        assertThat(erase.obliterationBehavior()).isEqualTo("DoNotObliterate");
        assertThat(erase.pin()).isEmpty();
        assertThat(rig.step(MAC).facts()).containsEntry("IsAppleSilicon", "true").containsEntry("ProductName", "Mac14,2")
                .containsEntry("BootstrapTokenAllowedForAuthentication", "allowed");
        assertThat(rig.metrics.requested).hasValue(1);
        assertThat(rig.metrics.sent).hasValue(1);
        assertThat(rig.metrics.acknowledged).hasValue(1);
        assertThat(rig.metrics.reenrolled).hasValue(1);
        assertThat(rig.metrics.done).hasValue(1);
        assertThat(rig.metrics.failed).isEmpty();
        assertThat(rig.metrics.profiles).containsExactly(EraseMetrics.AgentProfileStep.SENT,
                EraseMetrics.AgentProfileStep.REMOVED);
    }

    @Test
    void aRemovalTheMacDoesNotConfirmStillEndsTheFlowWithItsOutcome() throws Exception {
        throughTheErase();
        rig.reenrollAndInstallProfile(UDID);
        rig.agentEvent(Stage.DONE, EventResult.FAILED);
        rig.flow.tick();
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.PROFILE_REMOVING);
        assertThat(rig.step(MAC).reason()).isEqualTo("agent-failed");
        assertThat(rig.metrics.failed).as("counted when the flow ends, once").isEmpty();
        rig.advance(Duration.ofMinutes(16));
        rig.flow.tick();

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.FAILED);
        assertThat(rig.step(MAC).reason()).isEqualTo("agent-failed");
        assertThat(rig.step(MAC).detail()).contains("the Mac did not answer RemoveProfile within PT15M");
        assertThat(rig.sentTypes()).containsOnlyOnce("RemoveProfile");
        assertThat(rig.metrics.failed).containsExactly(Map.entry(EraseReason.AGENT_FAILED, 1));
        assertThat(rig.metrics.profiles).containsExactly(EraseMetrics.AgentProfileStep.SENT,
                EraseMetrics.AgentProfileStep.REMOVAL_UNCONFIRMED);
    }

    @Test
    void aProfileNeverAnsweredIsRemovedBeforeTheFlowTimesOut() throws Exception {
        throughTheErase();
        rig.tokenUpdate(UDID); // the MDM took InstallProfile: the Mac may install it, even if its answer is lost
        rig.advance(Duration.ofMinutes(16));
        rig.flow.tick();
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.PROFILE_REMOVING);
        rig.ack(rig.gateway.last("RemoveProfile"), Map.of());

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.TIMED_OUT);
        assertThat(rig.step(MAC).reason()).isEqualTo("no-answer");
        assertThat(rig.sentTypes()).doesNotContain("InstallEnterpriseApplication");
    }

    @Test
    void aProfileTheMacRefusesFailsTheFlowWithoutTheAgentPackage() throws Exception {
        throughTheErase();
        rig.tokenUpdate(UDID);
        rig.flow.commandResult(UDID, rig.gateway.last("InstallProfile").commandUuid(),
                MdmEventSink.CommandStatus.ERROR, Map.of("ErrorChain", java.util.List.of(Map.of("ErrorCode", 4001,
                        "ErrorDomain", "MCProfileErrorDomain", "LocalizedDescription", "Profile installation failed."))));

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.FAILED);
        assertThat(rig.step(MAC).reason()).isEqualTo("command-error");
        assertThat(rig.step(MAC).detail()).contains("InstallProfile", "MCProfileErrorDomain 4001");
        assertThat(rig.sentTypes()).doesNotContain("InstallEnterpriseApplication", "RemoveProfile");
    }

    @Test
    void withoutABootstrapTokenTheMacIsRefusedAndNeverErased() throws Exception {
        rig.flow.start(MAC, UDID, "after-erase");
        rig.ack(rig.gateway.last("DeviceInformation"), FlowRig.deviceInformation(true, "14.4"));
        rig.ack(rig.gateway.last("SecurityInfo"), FlowRig.securityInfo("disallowed"));

        EraseStep s = rig.step(MAC);
        assertThat(s.stage()).isEqualTo("refused");
        assertThat(s.reason()).isEqualTo("no-bootstrap-token");
        assertThat(s.detail()).contains("Bootstrap Token", "'disallowed'", "password");
        assertThat(rig.sentTypes()).containsExactly("DeviceInformation", "SecurityInfo");
        assertThat(rig.metrics.failed).containsEntry(EraseReason.NO_BOOTSTRAP_TOKEN, 1);
        assertThat(rig.flow.active(MAC)).isEmpty();
    }

    @Test
    void duplicatedAndLateAnswersChangeNothing() throws Exception {
        rig.flow.start(MAC, UDID, "after-erase");
        RecordingGateway.Sent info = rig.gateway.last("DeviceInformation");
        rig.ack(info, FlowRig.deviceInformation(true, "14.4"));
        rig.ack(info, FlowRig.deviceInformation(true, "14.4"));
        RecordingGateway.Sent security = rig.gateway.last("SecurityInfo");
        rig.ack(security, FlowRig.securityInfo("allowed"));
        rig.ack(security, FlowRig.securityInfo("allowed"));
        rig.ack(info, FlowRig.deviceInformation(true, "14.4"));
        RecordingGateway.Sent erase = rig.gateway.last("EraseDevice");
        rig.ack(erase, Map.of());
        rig.ack(erase, Map.of());
        // an answer naming a command the flow never sent
        rig.flow.commandResult(UDID, "6E7F3C1A-0000-4000-8000-000000000000", MdmEventSink.CommandStatus.ERROR, Map.of());

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.ERASE_ACKNOWLEDGED);
        assertThat(rig.sentTypes()).containsExactly("DeviceInformation", "SecurityInfo", "EraseDevice");
        assertThat(rig.metrics.acknowledged).hasValue(1);
    }

    @Test
    void aLostEraseAcknowledgementIsMadeUpByTheCheckInAfterTheErase() throws Exception {
        rig.flow.start(MAC, UDID, "after-erase");
        rig.ack(rig.gateway.last("DeviceInformation"), FlowRig.deviceInformation(true, "14.4"));
        rig.ack(rig.gateway.last("SecurityInfo"), FlowRig.securityInfo("allowed"));
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.ERASE_SENT);
        // the Mac erased itself before its Acknowledged reached the webhook: it comes back through enrollment
        rig.authenticate(UDID, SERIAL);
        rig.tokenUpdate(UDID);

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.PROFILE_SENT);
        assertThat(rig.metrics.acknowledged).hasValue(1);
        assertThat(rig.metrics.reenrolled).hasValue(1);
        // the acknowledgement arrives late after all: ignored
        rig.ack(rig.gateway.last("EraseDevice"), Map.of());
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.PROFILE_SENT);
        assertThat(rig.metrics.acknowledged).hasValue(1);
    }

    @Test
    void aLostAnswerToAQuestionEndsTheFlowAtTheAnswerTimeout() throws Exception {
        rig.flow.start(MAC, UDID, "after-erase");
        rig.advance(Duration.ofMinutes(14));
        rig.flow.tick();
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.QUERYING);
        rig.advance(Duration.ofMinutes(2));
        rig.flow.tick();

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.TIMED_OUT);
        assertThat(rig.step(MAC).reason()).isEqualTo("no-answer");
        assertThat(rig.sentTypes()).containsExactly("DeviceInformation");
    }

    @Test
    void aMacThatNeverComesBackTimesOutWithTheReason() throws Exception {
        throughTheErase();
        rig.advance(Duration.ofMinutes(119));
        rig.flow.tick();
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.ERASE_ACKNOWLEDGED);
        rig.advance(Duration.ofMinutes(2));
        rig.flow.tick();

        EraseStep s = rig.step(MAC);
        assertThat(s.stage()).isEqualTo("timed-out");
        assertThat(s.reason()).isEqualTo("never-came-back");
        assertThat(s.detail()).contains("did not enroll again within PT2H");
        assertThat(rig.metrics.failed).containsEntry(EraseReason.NEVER_CAME_BACK, 1);
        // coming back after the timeout does not restart anything
        rig.tokenUpdate(UDID);
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.TIMED_OUT);
        assertThat(rig.sentTypes()).doesNotContain("InstallEnterpriseApplication");
    }

    @Test
    void theMdmDownThenBackGetsTheSameCommandWithBackoff() throws Exception {
        rig.gateway.mode(RecordingGateway.Mode.DOWN);
        rig.flow.start(MAC, UDID, "after-erase");
        assertThat(rig.step(MAC).handedOver()).isFalse();
        String uuid = rig.step(MAC).commandUuid();
        rig.advance(Duration.ofSeconds(3));
        rig.flow.tick();
        assertThat(rig.gateway.attempts()).as("not before the first backoff (5 s)").isEqualTo(1);
        rig.advance(Duration.ofSeconds(3));
        rig.flow.tick();
        assertThat(rig.gateway.attempts()).isEqualTo(2);
        rig.advance(Duration.ofSeconds(6));
        rig.flow.tick();
        assertThat(rig.gateway.attempts()).as("the second wait doubles (10 s)").isEqualTo(2);
        rig.gateway.mode(RecordingGateway.Mode.UP);
        rig.advance(Duration.ofSeconds(5));
        rig.flow.tick();

        assertThat(rig.gateway.attempts()).isEqualTo(3);
        assertThat(rig.gateway.sent()).singleElement().satisfies(s -> assertThat(s.commandUuid()).isEqualTo(uuid));
        assertThat(rig.step(MAC).handedOver()).isTrue();
        assertThat(rig.metrics.retries).hasValue(2);
        rig.advance(Duration.ofMinutes(1));
        rig.flow.tick();
        assertThat(rig.gateway.attempts()).as("a command the MDM took is not sent again").isEqualTo(3);
    }

    @Test
    void anMdmDownForTooLongOrRefusingEndsTheFlowWithTheReason() throws Exception {
        rig.gateway.mode(RecordingGateway.Mode.DOWN);
        rig.flow.start(MAC, UDID, "after-erase");
        for (int i = 0; i < 20; i++) {
            rig.advance(Duration.ofMinutes(1));
            rig.flow.tick();
        }
        assertThat(rig.step(MAC).reason()).isEqualTo("mdm-unreachable");
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.FAILED);

        rig.gateway.mode(RecordingGateway.Mode.REFUSING);
        rig.flow.start(MAC, UDID, "after-erase");
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.FAILED);
        assertThat(rig.step(MAC).reason()).isEqualTo("mdm-refused");
        assertThat(rig.step(MAC).detail()).contains("400 Bad Request");
    }

    @Test
    void anErrorAnswerToTheEraseFailsTheFlowWithTheMacsWords() throws Exception {
        rig.flow.start(MAC, UDID, "after-erase");
        rig.ack(rig.gateway.last("DeviceInformation"), FlowRig.deviceInformation(true, "14.4"));
        rig.ack(rig.gateway.last("SecurityInfo"), FlowRig.securityInfo("allowed"));
        RecordingGateway.Sent erase = rig.gateway.last("EraseDevice");
        rig.flow.commandResult(UDID, erase.commandUuid(), MdmEventSink.CommandStatus.ERROR, Map.of("ErrorChain",
                List.of(Map.of("ErrorCode", 12001, "ErrorDomain", "MCMDMErrorDomain",
                        "LocalizedDescription", "Erase All Content and Settings preflight failed"))));

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.FAILED);
        assertThat(rig.step(MAC).reason()).isEqualTo("command-error");
        assertThat(rig.step(MAC).detail()).contains("EraseDevice", "MCMDMErrorDomain 12001", "preflight failed");
    }

    @Test
    void anAgentThatNeverReportsTimesOut() throws Exception {
        throughTheErase();
        rig.reenrollAndInstallProfile(UDID);
        rig.ack(rig.gateway.last("InstallEnterpriseApplication"), Map.of());
        rig.advance(Duration.ofMinutes(61));
        rig.flow.tick();
        rig.ack(rig.gateway.last("RemoveProfile"), Map.of());

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.TIMED_OUT);
        assertThat(rig.step(MAC).reason()).isEqualTo("agent-silent");
    }

    @Test
    void anAgentRunThatFailsFailsTheFlow() throws Exception {
        throughTheErase();
        rig.reenrollAndInstallProfile(UDID);
        rig.agentEvent(Stage.WORKFLOW, EventResult.STARTED);
        rig.agentEvent(Stage.DONE, EventResult.FAILED);
        rig.flow.tick();
        rig.ack(rig.gateway.last("RemoveProfile"), Map.of());

        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.FAILED);
        assertThat(rig.step(MAC).reason()).isEqualTo("agent-failed");
    }

    @Test
    void withoutAWorkflowTheFlowEndsWhenTheMacIsBack() throws Exception {
        rig.authenticate(FlowRig.PLAIN_UDID, FlowRig.PLAIN_SERIAL);
        rig.flow.start(FlowRig.PLAIN_MAC, FlowRig.PLAIN_UDID, null);
        rig.ack(rig.gateway.last("DeviceInformation"), FlowRig.deviceInformation(true, "15.1"));
        rig.ack(rig.gateway.last("SecurityInfo"), FlowRig.securityInfo("allowed"));
        rig.ack(rig.gateway.last("EraseDevice"), Map.of());
        rig.tokenUpdate(FlowRig.PLAIN_UDID);

        assertThat(rig.stage(FlowRig.PLAIN_MAC)).isEqualTo(EraseStage.DONE);
        assertThat(rig.sentTypes()).doesNotContain("InstallEnterpriseApplication");
    }

    @Test
    void aMacBeingErasedIsNotStartedTwice() throws Exception {
        rig.flow.start(MAC, UDID, "after-erase");
        assertThatThrownBy(() -> rig.flow.start(MAC, UDID, "after-erase")).hasMessageContaining("already being erased");
        assertThat(rig.sentTypes()).containsExactly("DeviceInformation");
    }
}
