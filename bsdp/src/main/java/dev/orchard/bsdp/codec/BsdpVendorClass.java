package dev.orchard.bsdp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The BSDP vendor class identifier, DHCP option 60 (spec "Vendor Class Identifier option"; bootp
 * {@code bsdp_parse_class_id}): {@code AAPLBSDPC/<arch>/<system id>} from a client, e.g.
 * {@code AAPLBSDPC/i386/iMac14,3}, and exactly {@code AAPLBSDPC} from a server.
 *
 * @param architecture {@code i386}, {@code ppc}, {@code arm}; empty for the server form
 * @param systemId     the model identifier, e.g. {@code MacBookPro11,2}; empty for the server form
 */
public record BsdpVendorClass(String architecture, String systemId) {

    public static final String PREFIX = "AAPLBSDPC";

    /** The 9 bytes every server message carries in option 60. */
    public static DhcpOption serverOption() {
        return new DhcpOption(DhcpOption.VENDOR_CLASS_IDENTIFIER, PREFIX.getBytes(StandardCharsets.US_ASCII));
    }

    public static DhcpOption clientOption(String architecture, String systemId) {
        return new DhcpOption(DhcpOption.VENDOR_CLASS_IDENTIFIER,
                (PREFIX + "/" + architecture + "/" + systemId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses option 60 as Apple's server does: it must start with {@code AAPLBSDPC}; either nothing
     * follows, or {@code /arch/sysid} where neither part holds a NUL or a newline. Anything else is not BSDP.
     */
    public static Optional<BsdpVendorClass> parse(byte[] value) {
        byte[] prefix = PREFIX.getBytes(StandardCharsets.US_ASCII);
        if (value.length < prefix.length) {
            return Optional.empty();
        }
        for (int i = 0; i < prefix.length; i++) {
            if (value[i] != prefix[i]) {
                return Optional.empty();
            }
        }
        if (value.length == prefix.length) {
            return Optional.of(new BsdpVendorClass("", ""));
        }
        String rest = new String(value, prefix.length, value.length - prefix.length, StandardCharsets.UTF_8);
        if (rest.charAt(0) != '/' || rest.indexOf('\0') >= 0 || rest.indexOf('\n') >= 0) {
            return Optional.empty();
        }
        int slash = rest.indexOf('/', 1);
        if (slash < 0) {
            return Optional.empty();
        }
        return Optional.of(new BsdpVendorClass(rest.substring(1, slash), rest.substring(slash + 1)));
    }
}
