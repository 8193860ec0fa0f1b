package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;

import java.time.Instant;
import java.util.Objects;

/**
 * The server met a machine and decided for it (a plan was served, or a BSDP exchange): who it is and
 * which policy took it. Feeds the name, model and policy columns of {@code orchard machines}.
 */
public record MachineSeen(String mac, String serial, String model, String name, String policy, String action,
                          String nbi, Instant receivedAt) implements JournalRecord {

    public MachineSeen {
        mac = MacAddress.parse(Objects.requireNonNull(mac, "mac")).toString();
    }

    @Override
    public MachineSeen receivedAt(Instant when) {
        return new MachineSeen(mac, serial, model, name, policy, action, nbi, when);
    }
}
