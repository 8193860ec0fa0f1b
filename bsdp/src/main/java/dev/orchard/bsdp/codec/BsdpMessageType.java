package dev.orchard.bsdp.codec;

import java.util.Optional;

/** BSDP message types (sub-option 1, spec §3.4.5). */
public enum BsdpMessageType {
    LIST(1), SELECT(2), FAILED(3);

    private final int code;

    BsdpMessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Lenient lookup for wire bytes: unknown codes are empty. */
    public static Optional<BsdpMessageType> of(int code) {
        for (BsdpMessageType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
