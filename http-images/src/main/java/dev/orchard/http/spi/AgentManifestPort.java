package dev.orchard.http.spi;

import java.util.Optional;

/**
 * The app manifest an erased Mac fetches at the {@code ManifestURL} of {@code InstallEnterpriseApplication}
 * ({@code GET /mdm/agent/{mac}/manifest.plist}, docs/mdm.md "The agent's package"): an XML property list in
 * Apple's ManifestURL format (github.com/apple/device-management, other/manifesturl.yaml), made by {@code ops}.
 */
@FunctionalInterface
public interface AgentManifestPort {

    /** No agent package configured: every manifest is a 404. */
    AgentManifestPort NONE = mac -> Optional.empty();

    /** The manifest's bytes for this Mac (lower-case colon MAC), or empty when there is none to give. */
    Optional<byte[]> manifest(String mac);
}
