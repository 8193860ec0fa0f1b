package dev.orchard.mdm.webhook;

import java.util.Optional;

/**
 * The {@code Status} of a device's command report (Apple, "Sending MDM commands to a device": Acknowledged,
 * Error, CommandFormatError, Idle, NotNow). {@code Idle} is the device saying it is ready for a command, not an
 * answer to one.
 */
public enum ReportStatus {
    ACKNOWLEDGED("Acknowledged"),
    ERROR("Error"),
    COMMAND_FORMAT_ERROR("CommandFormatError"),
    NOT_NOW("NotNow"),
    IDLE("Idle");

    private final String wire;

    ReportStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Apple's spelling, exactly. */
    public static Optional<ReportStatus> of(String wire) {
        for (ReportStatus s : values()) {
            if (s.wire.equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
