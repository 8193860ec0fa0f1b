package dev.orchard.ops.lab;

import dev.orchard.ops.config.MacAddress;

import java.net.Inet4Address;
import java.util.Locale;
import java.util.Objects;

/**
 * One simulated Mac: what its firmware and its restore environment say about it.
 *
 * @param index   its number in the lab (0-based), stable for a seed
 * @param mac     its Ethernet address (BSDP chaddr, plan {@code mac})
 * @param serial  its hardware serial (only the agent tells it, in the plan request)
 * @param model   its model identifier (BSDP option 60 {@code AAPLBSDPC/i386/<model>}, plan {@code model})
 * @param ciaddr  the address its DHCP server gave it (BSDP ciaddr; where replies are unicast)
 * @param aimedAt the policy rule the generator built this Mac to exercise, or null for a random one
 */
public record LabMachine(int index, MacAddress mac, String serial, String model, Inet4Address ciaddr, String aimedAt) {

    public LabMachine {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(ciaddr, "ciaddr");
    }

    /** {@code mac-0007}: the name of its work folder and its label in the display. */
    public String label() {
        return String.format(Locale.ROOT, "mac-%04d", index);
    }
}
