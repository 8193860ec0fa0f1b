package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;

import java.time.Instant;
import java.util.Objects;

/**
 * The MDM knows this Mac as {@code udid}: learnt from a check-in (Apple's Authenticate message carries the
 * UDID and the SerialNumber; the serial names the Mac through the inventory or an earlier plan request).
 * The newest link of a Mac wins.
 *
 * @param serial the serial the check-in reported, or null
 * @param source how the link was learnt: {@code check-in}
 */
public record MdmDeviceLinked(String mac, String udid, String serial, String source, Instant receivedAt)
        implements JournalRecord {

    public static final String CHECK_IN = "check-in";

    public MdmDeviceLinked {
        mac = MacAddress.parse(Objects.requireNonNull(mac, "mac")).toString();
        Objects.requireNonNull(udid, "udid");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public MdmDeviceLinked receivedAt(Instant when) {
        return new MdmDeviceLinked(mac, udid, serial, source, when);
    }
}
