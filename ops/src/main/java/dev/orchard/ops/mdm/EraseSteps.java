package dev.orchard.ops.mdm;

import dev.orchard.ops.config.EraseSettings;
import dev.orchard.ops.journal.EraseStep;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The pure part of the erase flow: the next {@link EraseStep} from the current one, and the MDM command a
 * step stands for. Nothing here writes or sends; {@link EraseFlow} journals each step and then sends.
 */
final class EraseSteps {

    static final String DEVICE_INFORMATION = "DeviceInformation";
    static final String SECURITY_INFO = "SecurityInfo";
    static final String ERASE_DEVICE = "EraseDevice";
    static final String INSTALL_AGENT = "InstallEnterpriseApplication";
    static final String INSTALL_PROFILE = "InstallProfile";
    static final String REMOVE_PROFILE = "RemoveProfile";

    private EraseSteps() {
    }

    static EraseStep requested(String mac, String udid, String workflow, Instant now) {
        return new EraseStep(mac, UUID.randomUUID().toString(), EraseStage.REQUESTED.wireName(), udid, workflow, null,
                null, false, Map.of(), null, "requested by an admin", now, null);
    }

    static EraseStage stage(EraseStep s) {
        return EraseStage.parse(s.stage());
    }

    /** The same flow in {@code stage}, with a new command (its CommandUUID chosen now) or none. */
    static EraseStep to(EraseStep s, EraseStage stage, String command, String detail, Instant now) {
        return new EraseStep(s.mac(), s.flowId(), stage.wireName(), s.udid(), s.workflow(), command,
                command == null ? null : UUID.randomUUID().toString(), false, s.facts(), null, detail, now, null);
    }

    /** The flow ended without success. */
    static EraseStep ended(EraseStep s, EraseStage stage, EraseReason reason, String detail, Instant now) {
        return new EraseStep(s.mac(), s.flowId(), stage.wireName(), s.udid(), s.workflow(), null, null, false,
                s.facts(), reason.wireName(), detail, now, null);
    }

    /** The MDM took the command in flight: same stage, same CommandUUID, {@code stageSince} kept. */
    static EraseStep handedOver(EraseStep s, String detail) {
        return new EraseStep(s.mac(), s.flowId(), s.stage(), s.udid(), s.workflow(), s.command(), s.commandUuid(),
                true, s.facts(), s.reason(), detail, s.stageSince(), null); // a removal keeps the outcome it holds
    }

    /** The same step with more facts from an answer. */
    static EraseStep withFacts(EraseStep s, Map<String, String> more) {
        Map<String, String> facts = new HashMap<>(s.facts());
        facts.putAll(more);
        return new EraseStep(s.mac(), s.flowId(), s.stage(), s.udid(), s.workflow(), s.command(), s.commandUuid(),
                s.handedOver(), facts, s.reason(), s.detail(), s.stageSince(), null);
    }

    /**
     * What the flow does next by itself from this step, with no answer awaited: the first question after the
     * request, the erase after the check, the agent's package (or the end) after the re-enrollment.
     */
    static Optional<EraseStep> next(EraseStep s, Instant now) {
        return switch (stage(s)) {
            case REQUESTED -> Optional.of(to(s, EraseStage.QUERYING, DEVICE_INFORMATION,
                    "asked DeviceInformation", now));
            case SECURITY_CHECKED -> Optional.of(to(s, EraseStage.ERASE_SENT, ERASE_DEVICE,
                    "EraseDevice sent; the Mac erases itself and enrolls again", now));
            case REENROLLED -> Optional.of(s.workflow() == null
                    ? to(s, EraseStage.DONE, null, "enrolled again; no workflow to run", now)
                    : to(s, EraseStage.PROFILE_SENT, INSTALL_PROFILE,
                    "enrollment profile sent (the agent's one-time code); the agent package follows", now));
            default -> Optional.empty();
        };
    }

    /** The command a step stands for (the same for the same step: a resend is the same command). */
    static MdmRequest request(EraseStep s, EraseSettings settings, AgentPackage agent, AgentEnrollment enrollment) {
        return switch (s.command()) {
            case DEVICE_INFORMATION -> new MdmRequest.DeviceInformation(ErasePreflight.QUERIES);
            case SECURITY_INFO -> new MdmRequest.SecurityInfo();
            // no PIN: EACS Macs take none (Apple: the PIN is for Macs without the T2 chip or Apple silicon)
            case ERASE_DEVICE -> new MdmRequest.Erase(Optional.empty(), settings.obliteration(), false, false);
            case INSTALL_AGENT -> new MdmRequest.InstallEnterpriseApplication(agent.manifestUrl(s.mac()));
            case INSTALL_PROFILE -> AgentProfile.install(s.mac(), s.flowId(), enrollment);
            case REMOVE_PROFILE -> AgentProfile.remove();
            default -> throw new IllegalStateException("no command " + s.command());
        };
    }

    /**
     * True when the Mac may hold the enrollment profile: from the moment the MDM took InstallProfile until the
     * profile is removed. A flow that ends then removes it first ({@link #removing}).
     */
    static boolean holdsProfile(EraseStep s) {
        EraseStage stage = stage(s);
        return (stage == EraseStage.PROFILE_SENT && s.handedOver()) || stage == EraseStage.AGENT_PACKAGE_SENT
                || stage == EraseStage.AGENT_REPORTED;
    }

    /**
     * Instead of {@code outcome} (an end), RemoveProfile first: the step keeps the outcome's reason and detail,
     * which {@link #finish} applies once the Mac answered (or did not).
     */
    static EraseStep removing(EraseStep outcome, Instant now) {
        return new EraseStep(outcome.mac(), outcome.flowId(), EraseStage.PROFILE_REMOVING.wireName(), outcome.udid(),
                outcome.workflow(), REMOVE_PROFILE, UUID.randomUUID().toString(), false, outcome.facts(),
                outcome.reason(), outcome.detail(), now, null);
    }

    /** The end a {@link EraseStage#PROFILE_REMOVING} step was holding, with {@code note} when not confirmed. */
    static EraseStep finish(EraseStep s, String note, Instant now) {
        String detail = s.detail() + (note == null ? "" : " (" + note + ")");
        if (s.reason() == null) {
            return to(s, EraseStage.DONE, null, detail, now);
        }
        EraseReason reason = EraseReason.parse(s.reason());
        return ended(s, reason.endsIn(), reason, detail, now);
    }

    /** The Mac's own words from an Error answer: Apple's {@code ErrorChain} descriptions. */
    static String errorChain(Map<String, Object> response) {
        if (response.get("ErrorChain") instanceof List<?> chain && !chain.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (Object o : chain) {
                if (o instanceof Map<?, ?> e) {
                    Object text = e.get("LocalizedDescription") != null ? e.get("LocalizedDescription")
                            : e.get("USEnglishDescription");
                    sb.append(sb.length() == 0 ? "" : "; ").append(e.get("ErrorDomain")).append(' ')
                            .append(e.get("ErrorCode")).append(text == null ? "" : ": " + text);
                }
            }
            return sb.toString();
        }
        return "no ErrorChain";
    }
}
