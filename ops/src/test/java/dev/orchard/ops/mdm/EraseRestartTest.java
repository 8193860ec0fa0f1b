package dev.orchard.ops.mdm;

import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Stage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.orchard.ops.mdm.FlowRig.MAC;
import static dev.orchard.ops.mdm.FlowRig.SERIAL;
import static dev.orchard.ops.mdm.FlowRig.UDID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server restart in the middle of every state of the flow: the journal folder is closed and opened again
 * and a new flow is built from it, then the Mac goes on as if nothing happened. Whatever the point, the
 * Mac ends {@code done}, every command type reached the MDM under one CommandUUID only (a command whose
 * hand-over was in doubt is sent again with the same UUID, never as a second command), and the stage
 * before the restart is the stage after it.
 */
class EraseRestartTest {

    /** Where the server stops: in a stage, and for a command in flight, before or after the MDM took it. */
    enum Point {
        REQUESTED, QUERYING_DEVICE_INFORMATION_IN_DOUBT, QUERYING_DEVICE_INFORMATION, QUERYING_SECURITY_INFO,
        SECURITY_CHECKED, ERASE_SENT_IN_DOUBT, ERASE_SENT, ERASE_ACKNOWLEDGED, REENROLLED,
        PROFILE_SENT_IN_DOUBT, PROFILE_SENT, AGENT_PACKAGE_SENT_IN_DOUBT, AGENT_PACKAGE_SENT, AGENT_REPORTED,
        PROFILE_REMOVING_IN_DOUBT, PROFILE_REMOVING
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "restart at {0}")
    @EnumSource(Point.class)
    void aRestartLosesNothingAndSendsNothingTwice(Point point) throws Exception {
        try (FlowRig rig = new FlowRig(Files.createDirectories(dir.resolve(point.name())))) {
            rig.authenticate(UDID, SERIAL);
            drive(rig, point);
            EraseStep before = rig.step(MAC);
            rig.gateway.mode(RecordingGateway.Mode.UP);
            rig.restart();

            EraseStep after = rig.step(MAC);
            assertThat(after.flowId()).isEqualTo(before.flowId());
            assertThat(rig.flow.active(MAC)).as("the flow is running again").isPresent();
            finish(rig);

            assertThat(rig.stage(MAC)).isEqualTo(EraseStage.DONE);
            assertThat(rig.gateway.sent().stream().collect(Collectors.groupingBy(RecordingGateway.Sent::type,
                    Collectors.mapping(RecordingGateway.Sent::commandUuid, Collectors.toSet()))))
                    .as("one CommandUUID per command type").allSatisfy((type, uuids) -> assertThat(uuids).hasSize(1))
                    .containsOnlyKeys("DeviceInformation", "SecurityInfo", "EraseDevice", "InstallProfile",
                            "InstallEnterpriseApplication", "RemoveProfile");
            // a command the MDM took is never sent again; one in doubt is sent again once, with its own UUID
            assertThat(rig.gateway.sent()).hasSize(point.name().endsWith("_IN_DOUBT") ? 7 : 6);
            // the profile sent again is the same profile: the same code (issued again only before it was sent)
            assertThat(rig.gateway.sent().stream().filter(x -> x.type().equals("InstallProfile"))
                    .map(RecordingGateway.Sent::request).distinct()).hasSize(1);
            assertThat(rig.enrollment.issued).extracting(FlowRig.RecordingEnrollment.Issued::flowId)
                    .containsOnly(after.flowId()).hasSizeLessThanOrEqualTo(point == Point.REENROLLED ? 2 : 1);
            assertThat(rig.metrics.requested.get()).as("counted once, not again by the restart")
                    .isLessThanOrEqualTo(1);
            assertThat(rig.metrics.done).hasValue(1);
        }
    }

    /** Takes the Mac to {@code point}; a command in doubt reached the MDM but the server never heard back. */
    private static void drive(FlowRig rig, Point point) throws Exception {
        switch (point) {
            case REQUESTED -> {
                // the server stopped right after journaling the request: the step, as start() writes it
                rig.journal.append(EraseSteps.requested(MAC, UDID, "after-erase", rig.clock.instant()))
                        .get(10, TimeUnit.SECONDS);
                return;
            }
            case QUERYING_DEVICE_INFORMATION_IN_DOUBT -> {
                rig.gateway.mode(RecordingGateway.Mode.TAKES_THEN_FAILS);
                rig.flow.start(MAC, UDID, "after-erase");
                return;
            }
            default -> rig.flow.start(MAC, UDID, "after-erase");
        }
        if (point == Point.QUERYING_DEVICE_INFORMATION) {
            return;
        }
        rig.ack(rig.gateway.last("DeviceInformation"), FlowRig.deviceInformation(true, "14.4"));
        if (point == Point.QUERYING_SECURITY_INFO) {
            return;
        }
        if (point == Point.SECURITY_CHECKED) {
            // stopped between the check and choosing the erase's CommandUUID
            EraseStep s = rig.step(MAC);
            rig.journal.append(EraseSteps.to(EraseSteps.withFacts(s, Map.of("BootstrapTokenAllowedForAuthentication",
                            "allowed")), EraseStage.SECURITY_CHECKED, null, "can erase without a password",
                    rig.clock.instant())).get(10, TimeUnit.SECONDS);
            return;
        }
        if (point == Point.ERASE_SENT_IN_DOUBT) {
            rig.gateway.mode(RecordingGateway.Mode.TAKES_THEN_FAILS);
        }
        rig.ack(rig.gateway.last("SecurityInfo"), FlowRig.securityInfo("allowed"));
        if (point == Point.ERASE_SENT_IN_DOUBT || point == Point.ERASE_SENT) {
            return;
        }
        rig.ack(rig.gateway.last("EraseDevice"), Map.of());
        if (point == Point.ERASE_ACKNOWLEDGED) {
            return;
        }
        if (point == Point.REENROLLED) {
            rig.journal.append(EraseSteps.to(rig.step(MAC), EraseStage.REENROLLED, null, "enrolled again",
                    rig.clock.instant())).get(10, TimeUnit.SECONDS);
            return;
        }
        if (point == Point.PROFILE_SENT_IN_DOUBT) {
            rig.gateway.mode(RecordingGateway.Mode.TAKES_THEN_FAILS);
        }
        rig.tokenUpdate(UDID);
        if (point == Point.PROFILE_SENT_IN_DOUBT || point == Point.PROFILE_SENT) {
            return;
        }
        if (point == Point.AGENT_PACKAGE_SENT_IN_DOUBT) {
            rig.gateway.mode(RecordingGateway.Mode.TAKES_THEN_FAILS);
        }
        rig.ack(rig.gateway.last("InstallProfile"), Map.of());
        if (point == Point.AGENT_PACKAGE_SENT_IN_DOUBT || point == Point.AGENT_PACKAGE_SENT) {
            return;
        }
        rig.agentEvent(Stage.PLAN, EventResult.SUCCEEDED);
        rig.flow.tick();
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.AGENT_REPORTED);
        if (point == Point.AGENT_REPORTED) {
            return;
        }
        if (point == Point.PROFILE_REMOVING_IN_DOUBT) {
            rig.gateway.mode(RecordingGateway.Mode.TAKES_THEN_FAILS);
        }
        rig.agentEvent(Stage.DONE, EventResult.SUCCEEDED);
        rig.flow.tick();
        assertThat(rig.stage(MAC)).isEqualTo(EraseStage.PROFILE_REMOVING);
    }

    /** What the Mac, the MDM and the agent do next, whatever the server remembers: answer what they were sent. */
    private static void finish(FlowRig rig) throws Exception {
        for (int round = 0; round < 10 && rig.stage(MAC) != EraseStage.DONE; round++) {
            EraseStep s = rig.step(MAC);
            switch (EraseStage.parse(s.stage())) {
                case QUERYING -> rig.ack(rig.gateway.last(s.command()), s.command().equals("DeviceInformation")
                        ? FlowRig.deviceInformation(true, "14.4") : FlowRig.securityInfo("allowed"));
                case ERASE_SENT -> rig.ack(rig.gateway.last("EraseDevice"), Map.of());
                case ERASE_ACKNOWLEDGED -> rig.tokenUpdate(UDID);
                case PROFILE_SENT -> rig.ack(rig.gateway.last("InstallProfile"), Map.of());
                case PROFILE_REMOVING -> rig.ack(rig.gateway.last("RemoveProfile"), Map.of());
                case AGENT_PACKAGE_SENT -> {
                    rig.ack(rig.gateway.last("InstallEnterpriseApplication"), Map.of());
                    rig.advance(java.time.Duration.ofSeconds(1));
                    rig.agentEvent(Stage.PLAN, EventResult.SUCCEEDED);
                    rig.flow.tick();
                }
                case AGENT_REPORTED -> {
                    rig.agentEvent(Stage.DONE, EventResult.SUCCEEDED);
                    rig.flow.tick();
                }
                default -> throw new AssertionError("stuck at " + s.stage() + " (" + s.detail() + ") at "
                        + Instant.now());
            }
        }
    }
}
