package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.BsdpInforms;
import dev.orchard.bsdp.codec.MacAddress;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * One Mac as the BSDP client presents it: its Ethernet address, the IP its DHCP server gave it, its
 * model and architecture (option 60 {@code AAPLBSDPC/<architecture>/<model>}).
 */
public record SimulatedMac(MacAddress mac, Inet4Address ciaddr, String model, String architecture) {

    public SimulatedMac {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(architecture, "architecture");
    }

    /** An Intel Mac. */
    public static SimulatedMac intel(MacAddress mac, Inet4Address ciaddr, String model) {
        return new SimulatedMac(mac, ciaddr, model, "i386");
    }

    BsdpInforms.ClientIdentity identity() {
        return new BsdpInforms.ClientIdentity(mac, ciaddr, architecture, model);
    }
}
