package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;

import java.time.Instant;
import java.util.Objects;

/**
 * An admin asked that this Mac run again at its next boot (the lab page's "Re-run on next boot", {@code orchard
 * rerun}, docs/rerun.md). A one-shot mark: the next agent run let in for the Mac on another ticket than its
 * current run's — the run of its next netboot, or an agent started again from {@code address} — consumes it,
 * and the mark is then only a line of the history. Until then it is the Mac's pending mark
 * ({@link MachineStatus#rerun()}).
 *
 * @param id        random; the grant of the run it lets in names it as its ticket
 * @param by        who asked, for the history: {@code lab page}, {@code admin api}
 * @param address   the address of the Mac's last run, from which its agent may claim a run with this mark
 *                  alone; null when the Mac never ran an agent (then only a netboot runs it again)
 * @param expiresAt after this the mark lets nobody in (a netboot still runs the Mac, as always)
 */
public record RerunRequested(String mac, String id, String by, String address, Instant expiresAt,
                             Instant receivedAt) implements JournalRecord {

    public RerunRequested {
        mac = MacAddress.parse(Objects.requireNonNull(mac, "mac")).toString();
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public RerunRequested receivedAt(Instant when) {
        return new RerunRequested(mac, id, by, address, expiresAt, when);
    }
}
