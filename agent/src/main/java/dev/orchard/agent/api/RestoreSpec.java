package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code restore} section of a plan: a block image, its manifest and how to put it on the disk.
 *
 * @param method    {@code block} (stream, verify and write chunk by chunk) or {@code asr} (macOS {@code asr restore})
 * @param multicast the image's multicast stream to receive first (docs/multicast.md); null: HTTP only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RestoreSpec(String image, String url, String manifest, Long size, String sha256, Long chunkSize,
                          String method, MulticastSpec multicast) {

    /** A restore over HTTP only. */
    public RestoreSpec(String image, String url, String manifest, Long size, String sha256, Long chunkSize, String method) {
        this(image, url, manifest, size, sha256, chunkSize, method, null);
    }

    /** How the image reaches the disk. */
    public enum Method { BLOCK, ASR }

    public Method methodKind() {
        if (method == null || method.equals("block")) {
            return Method.BLOCK;
        }
        if (method.equals("asr")) {
            return Method.ASR;
        }
        throw new PlanException("restore method '" + method + "' is not one this agent knows (block, asr)");
    }

    void validate() {
        if (url == null || url.isBlank()) {
            throw new PlanException("the restore section has no url");
        }
        Method m = methodKind();
        if (m == Method.BLOCK && (manifest == null || manifest.isBlank())) {
            throw new PlanException("a block restore needs the image's manifest url");
        }
        if (sha256 != null && !Sha256Hex.isValid(sha256)) {
            throw new PlanException("the restore section's sha256 is not 64 hex digits: " + sha256);
        }
        if (multicast != null) {
            multicast.validate(sha256);
        }
    }
}
