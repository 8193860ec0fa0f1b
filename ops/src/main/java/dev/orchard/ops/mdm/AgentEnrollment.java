package dev.orchard.ops.mdm;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How an erased Mac's agent is let in (docs/mdm.md, "Letting the agent in"): the flow sends the Mac, over the MDM
 * (the one channel authenticated to that very device), a profile with a one-time enrollment code and the server's
 * URL. Implemented by agent admission: the code is derived from the server secret, the Mac and the flow, so the
 * same flow always puts the same code in its profile (a resend after a restart is the same command) and the code
 * itself is never stored; only its hash is journaled, by {@link #issue}.
 */
public interface AgentEnrollment {

    /**
     * Journals the flow's code (durable when this returns): usable once, by this Mac (MAC, and serial when known),
     * until {@code ttl} from now. Called once, as the flow enters the stage that sends the profile.
     */
    void issue(String mac, Optional<String> serial, String flowId, Duration ttl) throws IOException;

    /** The flow's code, the same every time. */
    String code(String mac, String flowId);

    /** The URL the agent reaches the agent API at (the HTTPS listener when there is one). */
    URI serverUrl();

    /** No agent enrollment: a server without admission (tests of the flow's other stages). */
    AgentEnrollment NONE = new AgentEnrollment() {
        @Override
        public void issue(String mac, Optional<String> serial, String flowId, Duration ttl) {
        }

        @Override
        public String code(String mac, String flowId) {
            return "NO-CODE";
        }

        @Override
        public URI serverUrl() {
            return URI.create("https://orchard.invalid");
        }
    };
}
