package dev.orchard.ops.mdm;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The profile that lets an erased Mac's agent in (docs/mdm.md, "Letting the agent in"): managed preferences of the
 * agent's domain {@value #DOMAIN} with {@code ServerURL} and {@code EnrollmentCode}, which macOS writes to
 * {@code /Library/Managed Preferences/dev.orchard.agent.plist} (root only) and the agent reads when it starts with
 * no other credential. One identifier for every flow: a later flow's profile replaces an earlier one that lingered,
 * and {@code RemoveProfile} names it. Its UUIDs follow from the flow, so a resend is the same profile.
 */
final class AgentProfile {

    static final String DOMAIN = "dev.orchard.agent";
    static final String IDENTIFIER = "dev.orchard.agent.enrollment";
    static final String SERVER_URL = "ServerURL";
    static final String ENROLLMENT_CODE = "EnrollmentCode";

    private AgentProfile() {
    }

    static MdmRequest.InstallAgentProfile install(String mac, String flowId, AgentEnrollment enrollment) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(SERVER_URL, enrollment.serverUrl().toString());
        settings.put(ENROLLMENT_CODE, enrollment.code(mac, flowId));
        return new MdmRequest.InstallAgentProfile(IDENTIFIER, uuid("profile", flowId), uuid("payload", flowId), DOMAIN,
                settings);
    }

    static MdmRequest.RemoveProfile remove() {
        return new MdmRequest.RemoveProfile(IDENTIFIER);
    }

    /** What a dry run shows of the profile: everything but the code. */
    static Map<String, Object> described() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestType", EraseSteps.INSTALL_PROFILE);
        m.put("PayloadIdentifier", IDENTIFIER);
        m.put("PayloadType", "com.apple.ManagedClient.preferences");
        m.put("domain", DOMAIN);
        m.put("settings", java.util.List.of(SERVER_URL, ENROLLMENT_CODE));
        m.put("sentWhen", "the Mac enrolled again (a one-time code minted then, never shown)");
        return m;
    }

    private static String uuid(String what, String flowId) {
        return UUID.nameUUIDFromBytes((what + ":" + flowId).getBytes(StandardCharsets.UTF_8)).toString().toUpperCase();
    }
}
