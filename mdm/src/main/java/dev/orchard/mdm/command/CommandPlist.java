package dev.orchard.mdm.command;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.NSString;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a command as the XML plist an MDM queues for a device: the top-level dictionary
 * {@code {Command: {RequestType, …fields}, CommandUUID}} (Apple, "Sending MDM commands to a device"; NanoMDM's
 * {@code PUT /v1/enqueue} takes exactly these bytes and reads {@code CommandUUID} and
 * {@code Command.RequestType} from them, {@code mdm/command.go DecodeCommand}).
 *
 * <pre>{@code
 * byte[] body = CommandPlist.xml(EraseDevice.eacs(ObliterationBehavior.DO_NOT_OBLITERATE), uuid);
 * }</pre>
 */
public final class CommandPlist {

    /**
     * CommandUUIDs are chosen and journaled by Orchard (UUIDs); NanoMDM puts them in storage keys and logs, so
     * keep them to a plain shape.
     */
    private static final Pattern COMMAND_UUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private CommandPlist() {
    }

    /**
     * The UTF-8 XML plist of {@code command} with this CommandUUID, ending with a newline as the plists Apple's
     * tools write do (dd-plist stops at {@code </plist>}).
     */
    public static byte[] xml(MdmCommand command, String commandUuid) {
        return (dictionary(command, commandUuid).toXMLPropertyList() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The top-level dictionary, for callers that embed or inspect it. */
    public static NSDictionary dictionary(MdmCommand command, String commandUuid) {
        requireCommandUuid(commandUuid);
        NSDictionary inner = new NSDictionary();
        inner.put("RequestType", new NSString(command.requestType()));
        command.fields().forEach((k, v) -> inner.put(k, value(v)));
        NSDictionary top = new NSDictionary();
        top.put("Command", inner);
        top.put("CommandUUID", new NSString(commandUuid));
        return top;
    }

    public static String requireCommandUuid(String commandUuid) {
        if (commandUuid == null || !COMMAND_UUID.matcher(commandUuid).matches()) {
            throw new IllegalArgumentException("'" + commandUuid + "' is not a usable CommandUUID (letters, digits,"
                    + " '.', '_', '-'; at most 128 characters)");
        }
        return commandUuid;
    }

    private static NSObject value(Object v) {
        if (v instanceof String s) {
            return new NSString(s);
        }
        if (v instanceof Boolean b) {
            return new NSNumber(b);
        }
        if (v instanceof Long l) {
            return new NSNumber(l);
        }
        if (v instanceof Integer i) {
            return new NSNumber(i);
        }
        if (v instanceof byte[] bytes) {
            return new NSData(bytes);
        }
        if (v instanceof List<?> list) {
            NSArray a = new NSArray(list.size());
            for (int i = 0; i < list.size(); i++) {
                a.setValue(i, value(list.get(i)));
            }
            return a;
        }
        if (v instanceof Map<?, ?> map) {
            NSDictionary d = new NSDictionary();
            map.forEach((k, x) -> d.put((String) k, value(x)));
            return d;
        }
        throw new IllegalArgumentException("not a plist value: " + (v == null ? "null" : v.getClass().getName()));
    }
}
