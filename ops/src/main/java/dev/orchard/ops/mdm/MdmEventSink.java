package dev.orchard.ops.mdm;

import java.util.Map;
import java.util.Optional;

/**
 * What the MDM tells Orchard, already parsed from its webhook (NanoMDM posts one JSON document per
 * device message). Duplicated and lost deliveries are normal: implementations must be idempotent and
 * must not rely on seeing every message.
 */
public interface MdmEventSink {

    /** A device answered a command. {@code response} is the device's plist as plain maps, lists and strings. */
    void commandResult(String udid, String commandUuid, CommandStatus status, Map<String, Object> response);

    /** A device checked in (enrolled, re-enrolled after an erase, or left). */
    void checkIn(String udid, CheckInKind kind, Optional<String> serialNumber);

    /** Apple's command result Status values. */
    enum CommandStatus { ACKNOWLEDGED, ERROR, COMMAND_FORMAT_ERROR, NOT_NOW, IDLE }

    /** Apple's check-in MessageType values that matter to the flow. */
    enum CheckInKind { AUTHENTICATE, TOKEN_UPDATE, CHECK_OUT }
}
