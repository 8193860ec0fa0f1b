package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;

import java.time.Instant;
import java.util.Objects;

/**
 * An admin told the server to forget a Mac (the lab page's "forget", docs/lab-page.md): everything the
 * journal held about it before this record — identity, stage, history, open tickets and the current run's
 * grant, so that run's token is refused from now on (superseded) — is dropped, and this record is the first
 * line of what the server knows of it next. A Mac that netboots again starts over.
 *
 * @param by     who asked, for the history: {@code lab page} (the only origin today)
 * @param reason the admin's words, or null
 */
public record MachineForgotten(String mac, String by, String reason, Instant receivedAt) implements JournalRecord {

    public MachineForgotten {
        mac = MacAddress.parse(Objects.requireNonNull(mac, "mac")).toString();
        Objects.requireNonNull(by, "by");
    }

    @Override
    public MachineForgotten receivedAt(Instant when) {
        return new MachineForgotten(mac, by, reason, when);
    }
}
