package dev.orchard.bsdp.codec;

/**
 * A 48-bit Ethernet address as BSDP carries it. Text goes through the project's one MAC grammar
 * ({@link dev.orchard.mac.MacAddress}: {@code 0:1e:c2:…} as Apple's NBImageInfo.plist writes it, dashes,
 * Cisco dots, bare digits; anything else throws with the accepted forms); building from a packet's
 * {@code chaddr} never fails.
 *
 * @param value the address in the low 48 bits
 */
public record MacAddress(long value) implements Comparable<MacAddress> {

    public MacAddress {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits: " + Long.toHexString(value));
        }
    }

    /** The first six bytes of {@code bytes} starting at {@code offset}. */
    public static MacAddress of(byte[] bytes, int offset) {
        return new MacAddress(dev.orchard.mac.MacAddress.of(bytes, offset).value());
    }

    /** Parses any form of the project's MAC grammar (docs/config.md, "MAC addresses"). */
    public static MacAddress parse(String text) {
        return new MacAddress(dev.orchard.mac.MacAddress.parse(text).value());
    }

    public byte[] toBytes() {
        return new dev.orchard.mac.MacAddress(value).toBytes();
    }

    @Override
    public int compareTo(MacAddress o) {
        return Long.compare(value, o.value);
    }

    /** Canonical: lower case, colon-separated, two digits per byte. */
    @Override
    public String toString() {
        return new dev.orchard.mac.MacAddress(value).toString();
    }
}
