package dev.orchard.ops.config;

import java.util.List;

/** A named set of machines written inline; inventory CSV rows add members to groups by name. */
public record Group(String name, List<MacAddress> mac, List<String> serial, SourceLocation at) {
    public Group {
        mac = List.copyOf(mac);
        serial = List.copyOf(serial);
    }
}
