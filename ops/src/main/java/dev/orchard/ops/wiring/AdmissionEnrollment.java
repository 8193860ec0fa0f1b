package dev.orchard.ops.wiring;

import dev.orchard.ops.admission.AgentAdmission;
import dev.orchard.ops.mdm.AgentEnrollment;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The erase flow's {@link AgentEnrollment} on agent admission: the flow's codes are admission's enrollment codes
 * (derived, one-time, bound to the Mac), and the agent is sent to the server's own API URL (the HTTPS listener when
 * there is one; known once the listeners are up, hence the supplier).
 */
final class AdmissionEnrollment implements AgentEnrollment {

    private final AgentAdmission admission;
    private final Supplier<String> serverUrl;

    AdmissionEnrollment(AgentAdmission admission, Supplier<String> serverUrl) {
        this.admission = admission;
        this.serverUrl = serverUrl;
    }

    @Override
    public void issue(String mac, Optional<String> serial, String flowId, Duration ttl) throws IOException {
        admission.issueFlowCode(mac, serial, flowId, ttl);
    }

    @Override
    public String code(String mac, String flowId) {
        return admission.flowCode(mac, flowId);
    }

    @Override
    public URI serverUrl() {
        return URI.create(serverUrl.get());
    }
}
