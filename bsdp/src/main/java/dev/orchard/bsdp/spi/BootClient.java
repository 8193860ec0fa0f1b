package dev.orchard.bsdp.spi;

import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.MacAddress;

import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * Who is asking, as far as BSDP tells: what the {@link BootPolicy} decides on.
 *
 * @param mac              the Mac's Ethernet address (chaddr)
 * @param systemId         the model identifier from option 60, e.g. {@code iMac18,1}
 * @param architecture     {@code i386} (Intel), {@code ppc}, {@code arm}
 * @param ciaddr           the Mac's IP address
 * @param giaddr           the relay that forwarded the request, or 0.0.0.0 when it came directly
 * @param attributesFilter image attributes the Mac asked for (sub-option 11); empty = no filter
 * @param request          LIST (which images to show) or SELECT (may it boot the one it chose)
 */
public record BootClient(MacAddress mac, String systemId, String architecture, Inet4Address ciaddr,
                         Inet4Address giaddr, List<Integer> attributesFilter, BsdpMessageType request) {

    public BootClient {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        attributesFilter = List.copyOf(attributesFilter);
        Objects.requireNonNull(request, "request");
        if (request == BsdpMessageType.FAILED) {
            throw new IllegalArgumentException("a client asks LIST or SELECT, never FAILED");
        }
    }
}
