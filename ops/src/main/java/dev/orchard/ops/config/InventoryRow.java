package dev.orchard.ops.config;

/**
 * One line of an inventory CSV ({@code mac,serial,name,group}). Either {@code mac} or {@code serial}
 * may be empty (null), not both; {@code name} feeds the {@code {name}} variable; {@code group} may be
 * null.
 */
public record InventoryRow(MacAddress mac, String serial, String name, String group, SourceLocation at) {
}
