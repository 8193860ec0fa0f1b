package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One chunk of a manifest: 64-bit offset, length and the sha256 of exactly those bytes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestChunk(int index, long offset, long length, String sha256) {

    public long end() {
        return offset + length;
    }
}
