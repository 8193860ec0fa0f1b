package dev.orchard.ops.policy;

import dev.orchard.ops.config.Ipv4;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.config.Serials;

import java.util.Objects;

/**
 * What the server knows about a Mac when it asks the policy: always the MAC; the model from BSDP's
 * vendor class ({@code AAPLBSDPC/i386/iMac18,1}) or the agent; the serial only from the agent (or the
 * inventory); the IPv4 address from BSDP's ciaddr. Unknown facts are null.
 */
public record MachineIdentity(MacAddress mac, String serial, String model, String ip) {

    public MachineIdentity {
        Objects.requireNonNull(mac, "mac");
    }

    /** Parses and normalises user or wire input; throws {@link IllegalArgumentException} on bad values. */
    public static MachineIdentity parse(String mac, String serial, String model, String ip) {
        return new MachineIdentity(MacAddress.parse(mac),
                blank(serial) ? null : Serials.normalize(serial),
                blank(model) ? null : model.trim(),
                blank(ip) ? null : Ipv4.format(Ipv4.parse(ip)));
    }

    public static MachineIdentity ofMac(MacAddress mac) {
        return new MachineIdentity(mac, null, null, null);
    }

    public MachineIdentity withSerial(String s) {
        return new MachineIdentity(mac, s, model, ip);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
