package dev.orchard.ops.mdm;

import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.InventoryRow;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.MdmDeviceLinked;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which Mac (by MAC, Orchard's key) the MDM knows under which UDID. Apple's Authenticate check-in carries
 * the UDID and the SerialNumber (MDM protocol, "Authenticate"); the serial names the Mac through an
 * inventory row ({@code mac,serial,…}) or a plan request the agent made earlier (journaled as "seen").
 * A new or changed link is journaled, so it survives a restart; later check-ins (TokenUpdate, CheckOut)
 * carry only the UDID and are matched through the links.
 */
public final class DeviceLinks {

    private final Journal journal;
    private final Supplier<ConfigSnapshot> snapshots;
    private final Map<String, String> macByUdid = new HashMap<>();
    private final Map<String, String> udidByMac = new HashMap<>();

    public DeviceLinks(Journal journal, Supplier<ConfigSnapshot> snapshots) {
        this.journal = journal;
        this.snapshots = snapshots;
        for (MachineStatus m : journal.machines()) {
            if (m.mdmLink() != null) {
                macByUdid.put(m.mdmLink().udid(), m.mac());
                udidByMac.put(m.mac(), m.mdmLink().udid());
            }
        }
    }

    /** The UDID of a Mac, when a check-in told it. */
    public synchronized Optional<String> udidOf(String mac) {
        return Optional.ofNullable(udidByMac.get(mac));
    }

    /** The MAC of the Mac this check-in came from, learning (and journaling) the link when it names a serial. */
    synchronized Optional<String> learn(String udid, Optional<String> serialNumber) throws IOException {
        Optional<String> bySerial = serialNumber.flatMap(this::macOfSerial);
        if (bySerial.isPresent() && !udid.equals(udidByMac.get(bySerial.get()))) {
            MdmDeviceLinked link = new MdmDeviceLinked(bySerial.get(), udid,
                    serialNumber.get().toUpperCase(Locale.ROOT), MdmDeviceLinked.CHECK_IN, null);
            Durably.append(journal, link, "the UDID");
            String old = udidByMac.put(bySerial.get(), udid);
            if (old != null) {
                macByUdid.remove(old);
            }
            macByUdid.put(udid, bySerial.get());
        }
        return Optional.ofNullable(macByUdid.get(udid));
    }

    /** The inventory first (the admin's word), then the serial an agent reported in a plan request. */
    Optional<String> macOfSerial(String serial) {
        String s = serial.strip().toUpperCase(Locale.ROOT);
        Optional<InventoryRow> row = snapshots.get().directory().lookup(null, s);
        if (row.isPresent() && row.get().mac() != null) {
            return Optional.of(row.get().mac().toString());
        }
        return journal.machines().stream().filter(m -> s.equals(m.serial())).map(MachineStatus::mac).findFirst();
    }
}
