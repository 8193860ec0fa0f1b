package dev.orchard.ops.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is who: inline groups and inventory rows, indexed for the policy engine. A machine is in a
 * group when its MAC or its serial is listed in the group (inline) or in an inventory row naming that
 * group. Built once per snapshot; immutable.
 */
public final class MachineDirectory {

    private final Map<MacAddress, InventoryRow> byMac = new HashMap<>();
    private final Map<String, InventoryRow> bySerial = new HashMap<>();
    private final Map<String, Set<MacAddress>> groupMacs = new HashMap<>();
    private final Map<String, Set<String>> groupSerials = new HashMap<>();
    private final Set<String> serialsByMac = new HashSet<>();

    public MachineDirectory(List<Group> groups, List<InventoryRow> inventory) {
        for (Group g : groups) {
            groupMacs.computeIfAbsent(g.name(), k -> new HashSet<>()).addAll(g.mac());
            groupSerials.computeIfAbsent(g.name(), k -> new HashSet<>()).addAll(g.serial());
        }
        for (InventoryRow row : inventory) {
            if (row.mac() != null) {
                byMac.putIfAbsent(row.mac(), row);
            }
            if (row.serial() != null) {
                bySerial.putIfAbsent(row.serial(), row);
            }
            if (row.group() != null) {
                Set<MacAddress> macs = groupMacs.computeIfAbsent(row.group(), k -> new HashSet<>());
                Set<String> serials = groupSerials.computeIfAbsent(row.group(), k -> new HashSet<>());
                if (row.mac() != null) {
                    macs.add(row.mac());
                }
                if (row.serial() != null) {
                    serials.add(row.serial());
                }
            }
        }
        byMac.values().stream().map(InventoryRow::serial).filter(s -> s != null).forEach(serialsByMac::add);
    }

    /**
     * True when {@link #lookup} by MAC alone gives this serial: the only way the server knows a serial
     * at BSDP time, which never carries one.
     */
    public boolean serialKnownByMac(String serial) {
        return serialsByMac.contains(serial);
    }

    /** The inventory row for this machine: by MAC first, then by serial. */
    public Optional<InventoryRow> lookup(MacAddress mac, String serial) {
        InventoryRow row = mac == null ? null : byMac.get(mac);
        if (row == null && serial != null) {
            row = bySerial.get(serial);
        }
        return Optional.ofNullable(row);
    }

    /** Every group name defined inline or named by an inventory row. */
    public Set<String> groupNames() {
        return Collections.unmodifiableSet(new TreeSet<>(groupMacs.keySet()));
    }

    public boolean hasGroup(String group) {
        return groupMacs.containsKey(group);
    }

    public Set<MacAddress> macsOf(String group) {
        return Collections.unmodifiableSet(groupMacs.getOrDefault(group, Set.of()));
    }

    public Set<String> serialsOf(String group) {
        return Collections.unmodifiableSet(groupSerials.getOrDefault(group, Set.of()));
    }
}
