package dev.orchard.ops.mdm;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The MDM commands the flow sends, in Orchard's terms; the gateway turns each into Apple's plist. */
public sealed interface MdmRequest {

    /** Apple's RequestType for this command. */
    String requestType();

    /**
     * {@code EraseDevice} (Erase All Content and Settings on Apple silicon and T2 Macs). The PIN is only
     * for Macs without EACS (Intel without T2); {@code obliterationBehavior} is one of Apple's values
     * ({@code Default}, {@code DoNotObliterate}, {@code ObliterateWithWarning}, {@code Always}).
     */
    record Erase(Optional<String> pin, String obliterationBehavior, boolean preserveDataPlan,
                 boolean disallowProximitySetup) implements MdmRequest {
        public Erase {
            Objects.requireNonNull(pin, "pin");
            Objects.requireNonNull(obliterationBehavior, "obliterationBehavior");
        }

        @Override
        public String requestType() {
            return "EraseDevice";
        }
    }

    /** {@code DeviceInformation} with the named queries (e.g. SerialNumber, ModelName, OSVersion). */
    record DeviceInformation(List<String> queries) implements MdmRequest {
        public DeviceInformation {
            queries = List.copyOf(queries);
        }

        @Override
        public String requestType() {
            return "DeviceInformation";
        }
    }

    /** {@code SecurityInfo}: whether a Bootstrap Token is escrowed, so an erase will not stop at a password. */
    record SecurityInfo() implements MdmRequest {
        @Override
        public String requestType() {
            return "SecurityInfo";
        }
    }

    /** {@code InstallEnterpriseApplication} of the agent's signed package, from a manifest Orchard serves. */
    record InstallEnterpriseApplication(URI manifestUrl) implements MdmRequest {
        public InstallEnterpriseApplication {
            Objects.requireNonNull(manifestUrl, "manifestUrl");
        }

        @Override
        public String requestType() {
            return "InstallEnterpriseApplication";
        }
    }

    /**
     * {@code InstallProfile} of a profile whose one payload forces {@code settings} into the preference domain
     * {@code domain} (Apple's {@code com.apple.ManagedClient.preferences}); the gateway writes the profile.
     */
    record InstallAgentProfile(String identifier, String profileUuid, String payloadUuid, String domain,
                               Map<String, String> settings) implements MdmRequest {
        public InstallAgentProfile {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(profileUuid, "profileUuid");
            Objects.requireNonNull(payloadUuid, "payloadUuid");
            Objects.requireNonNull(domain, "domain");
            settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        }

        @Override
        public String requestType() {
            return "InstallProfile";
        }

        @Override
        public String toString() { // never the code in a log line
            return "InstallAgentProfile[" + identifier + ", " + domain + ", keys " + settings.keySet() + "]";
        }
    }

    /** {@code RemoveProfile} of the profile with this {@code PayloadIdentifier}. */
    record RemoveProfile(String identifier) implements MdmRequest {
        public RemoveProfile {
            Objects.requireNonNull(identifier, "identifier");
        }

        @Override
        public String requestType() {
            return "RemoveProfile";
        }
    }
}
