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
                true, s.facts(), null, detail, s.stageSince(), null);
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
                    : to(s, EraseStage.AGENT_PACKAGE_SENT, INSTALL_AGENT,
                    "agent package sent; waiting for the agent to report", now));
            default -> Optional.empty();
        };
    }

    /** The command a step stands for (the same for the same step: a resend is the same command). */
    static MdmRequest request(EraseStep s, EraseSettings settings, AgentPackage agent) {
        return switch (s.command()) {
            case DEVICE_INFORMATION -> new MdmRequest.DeviceInformation(ErasePreflight.QUERIES);
            case SECURITY_INFO -> new MdmRequest.SecurityInfo();
            // no PIN: EACS Macs take none (Apple: the PIN is for Macs without the T2 chip or Apple silicon)
            case ERASE_DEVICE -> new MdmRequest.Erase(Optional.empty(), settings.obliteration(), false, false);
            case INSTALL_AGENT -> new MdmRequest.InstallEnterpriseApplication(agent.manifestUrl(s.mac()));
            default -> throw new IllegalStateException("no command " + s.command());
        };
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
