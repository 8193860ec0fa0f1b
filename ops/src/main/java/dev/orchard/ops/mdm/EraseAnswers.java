package dev.orchard.ops.mdm;

import dev.orchard.ops.config.EraseSettings;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.mdm.MdmEventSink.CommandStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The pure part of the flow's reaction to a Mac's answer to the command in flight (matched by CommandUUID
 * before) — the next step, or empty when the answer changes nothing (Apple's {@code NotNow}: the Mac asks
 * again by itself; {@code Idle}) — and to the absence of an answer ({@link #overdue}).
 */
final class EraseAnswers {

    private EraseAnswers() {
    }

    static Optional<EraseStep> after(EraseStep s, CommandStatus status, Map<String, Object> response, Instant now) {
        if (EraseSteps.REMOVE_PROFILE.equals(s.command()) && status != CommandStatus.IDLE
                && status != CommandStatus.NOT_NOW) {
            // the outcome was decided before; the answer only says whether the code left the Mac with the profile
            return Optional.of(EraseSteps.finish(s, status == CommandStatus.ACKNOWLEDGED ? null
                    : "the Mac answered " + status + " to RemoveProfile: " + EraseSteps.errorChain(response), now));
        }
        return switch (status) {
            case IDLE, NOT_NOW -> Optional.empty();
            case ERROR, COMMAND_FORMAT_ERROR -> Optional.of(EraseSteps.ended(s, EraseStage.FAILED,
                    EraseReason.COMMAND_ERROR, "the Mac answered " + status + " to " + s.command() + ": "
                            + EraseSteps.errorChain(response), now));
            case ACKNOWLEDGED -> Optional.of(acknowledged(s, response, now));
        };
    }

    private static EraseStep acknowledged(EraseStep s, Map<String, Object> response, Instant now) {
        return switch (s.command()) {
            case EraseSteps.DEVICE_INFORMATION -> EraseSteps.to(EraseSteps.withFacts(s,
                    ErasePreflight.deviceFacts(response)), EraseStage.QUERYING, EraseSteps.SECURITY_INFO,
                    "asked SecurityInfo", now);
            case EraseSteps.SECURITY_INFO -> checked(s, response, now);
            case EraseSteps.ERASE_DEVICE -> EraseSteps.to(s, EraseStage.ERASE_ACKNOWLEDGED, null,
                    "the Mac acknowledged EraseDevice; waiting for it to enroll again", now);
            case EraseSteps.INSTALL_PROFILE -> EraseSteps.to(s, EraseStage.AGENT_PACKAGE_SENT, EraseSteps.INSTALL_AGENT,
                    "agent package sent; waiting for the agent to report", now);
            // InstallEnterpriseApplication is acknowledged before the install: only the agent's report counts
            default -> EraseSteps.handedOver(s, "the Mac acknowledged the agent package (before installing it);"
                    + " waiting for the agent to report");
        };
    }

    /** SecurityInfo answered: refused with the reason, or checked (the erase follows). */
    private static EraseStep checked(EraseStep s, Map<String, Object> response, Instant now) {
        Optional<Map<String, String>> facts = ErasePreflight.securityFacts(response);
        if (facts.isEmpty()) {
            return EraseSteps.ended(s, EraseStage.REFUSED, EraseReason.UNREADABLE_ANSWER,
                    "the SecurityInfo answer has no SecurityInfo dictionary", now);
        }
        EraseStep known = EraseSteps.withFacts(s, facts.get());
        return ErasePreflight.check(known.facts())
                .map(r -> EraseSteps.ended(known, EraseStage.REFUSED, r.reason(), r.detail(), now))
                .orElseGet(() -> EraseSteps.to(known, EraseStage.SECURITY_CHECKED, null,
                        "can erase without a password", now));
    }

    /**
     * The end of a flow whose wait is over, or empty: a command the MDM never took, a question not answered,
     * a Mac not back, each within its setting.
     */
    static Optional<EraseStep> overdue(EraseStep s, EraseSettings set, Instant now) {
        Duration age = Duration.between(s.stageSince(), now);
        EraseStage stage = EraseSteps.stage(s);
        if (stage == EraseStage.PROFILE_REMOVING) {
            return age.compareTo(set.answerTimeout()) <= 0 ? Optional.empty() : Optional.of(EraseSteps.finish(s,
                    (s.handedOver() ? "the Mac did not answer" : "the MDM did not take") + " RemoveProfile within "
                            + set.answerTimeout() + "; the code was used or expires by itself", now));
        }
        if (s.command() != null && !s.handedOver()) {
            return age.compareTo(set.answerTimeout()) <= 0 ? Optional.empty() : Optional.of(EraseSteps.ended(s,
                    EraseStage.FAILED, EraseReason.MDM_UNREACHABLE, "the MDM did not take " + s.command() + " within "
                            + set.answerTimeout(), now));
        }
        if ((stage == EraseStage.QUERYING || stage == EraseStage.PROFILE_SENT) && age.compareTo(set.answerTimeout()) > 0) {
            return Optional.of(EraseSteps.ended(s, EraseStage.TIMED_OUT, EraseReason.NO_ANSWER,
                    "the Mac did not answer " + s.command() + " within " + set.answerTimeout(), now));
        }
        if ((stage == EraseStage.ERASE_SENT || stage == EraseStage.ERASE_ACKNOWLEDGED)
                && age.compareTo(set.reenrollTimeout()) > 0) {
            return Optional.of(EraseSteps.ended(s, EraseStage.TIMED_OUT, EraseReason.NEVER_CAME_BACK,
                    "the Mac did not enroll again within " + set.reenrollTimeout() + " of the erase", now));
        }
        return Optional.empty();
    }
}
