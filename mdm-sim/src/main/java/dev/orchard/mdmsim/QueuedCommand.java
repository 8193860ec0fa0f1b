package dev.orchard.mdmsim;

import java.util.Map;

/**
 * A command the stub accepted on {@code /v1/enqueue}, as the device will get it.
 *
 * @param command the whole plist ({@code Command}, {@code CommandUUID}) as maps, lists, strings, numbers,
 *                booleans and byte arrays
 * @param raw     the body exactly as sent
 */
public record QueuedCommand(String commandUuid, String requestType, Map<String, Object> command, byte[] raw) {

    public QueuedCommand {
        command = Map.copyOf(command);
        raw = raw.clone();
    }

    /** The {@code Command} dictionary (RequestType and the fields). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> fields() {
        return (Map<String, Object>) command.get("Command");
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }
}
