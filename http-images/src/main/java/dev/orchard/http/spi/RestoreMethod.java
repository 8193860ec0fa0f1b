package dev.orchard.http.spi;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the agent restores a block image: chunk by chunk with verification, or through macOS {@code asr}. */
public enum RestoreMethod {
    BLOCK, ASR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
