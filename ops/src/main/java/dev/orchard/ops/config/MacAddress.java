package dev.orchard.ops.config;

/**
 * A 48-bit Ethernet address in configuration, inventory, journal and policy, normalised to lower-case
 * colon form ({@code 00:1b:63:84:45:e6}) as docs/agent-api.md requires. {@link #parse} is the project's
 * one MAC grammar ({@link dev.orchard.mac.MacAddress}, docs/config.md "MAC addresses"): colons or dashes
 * with 1-2 digits per group (macOS prints {@code 0:1b:63:84:45:e6}), Cisco dots, bare digits, any case.
 */
public record MacAddress(long value) implements Comparable<MacAddress> {

    public MacAddress {
        if (value < 0 || value > 0xFFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("not a 48-bit MAC address: " + value);
        }
    }

    /** Parses a MAC; the exception message names the input and shows the accepted forms. */
    public static MacAddress parse(String text) {
        return new MacAddress(dev.orchard.mac.MacAddress.parse(text).value());
    }

    /** The address from its 6 bytes (as in a DHCP chaddr field). */
    public static MacAddress of(byte[] six) {
        if (six.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + six.length);
        }
        return new MacAddress(dev.orchard.mac.MacAddress.of(six, 0).value());
    }

    /** The 6 bytes, most significant first. */
    public byte[] bytes() {
        return new dev.orchard.mac.MacAddress(value).toBytes();
    }

    @Override
    public String toString() {
        return new dev.orchard.mac.MacAddress(value).toString();
    }

    @Override
    public int compareTo(MacAddress o) {
        return Long.compare(value, o.value);
    }
}
