package dev.orchard.ops.mdm;

import java.net.URI;

/**
 * Where the MDM sends a Mac for the agent's signed package: the manifest URL of
 * {@code InstallEnterpriseApplication} (Apple's {@code ManifestURL}, mdm/commands/application.install.enterprise.yaml).
 * The URL is a function of the Mac alone, so a command sent again after a restart is the same command and a
 * dry run shows the very URL that will be sent.
 */
public interface AgentPackage {

    /** The manifest URL for this Mac (lower-case colon MAC). */
    URI manifestUrl(String mac);
}
