package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The plan's multicast part of a restore (docs/agent-api.md, "Multicast"): the stream's group and port, the
 * image sha256 its datagrams carry, and the server paths to announce this receiver on and to report to.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MulticastSpec(String group, Integer port, String sha256, String join, String report) {

    void validate(String imageSha256) {
        if (group == null || port == null || port < 1 || port > 65535 || join == null || report == null) {
            throw new PlanException("the restore's multicast section needs group, port (1-65535), join and report");
        }
        if (!Sha256Hex.isValid(sha256) || imageSha256 != null && !imageSha256.equalsIgnoreCase(sha256)) {
            throw new PlanException("the multicast stream's sha256 " + sha256 + " is not the image's " + imageSha256);
        }
    }
}
