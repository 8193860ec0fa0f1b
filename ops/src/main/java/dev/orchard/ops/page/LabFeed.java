package dev.orchard.ops.page;

import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineStatus;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The lab page's change feed: which Macs changed since when, fed by the journal's commits
 * ({@link Journal#onCommit}). It keeps one number per Mac — the feed version of its last change — and never
 * a queue of events, so a storm of events costs nothing here beyond bumping numbers, and a reader gets
 * each changed Mac once, with its state as it is now. The epoch names this run of the server: a position
 * from another run (a browser reconnecting after a restart) gets a snapshot. Thread-safe; the commit side
 * runs on the journal's writer thread and only notes the MACs and pokes the subscribers.
 */
public final class LabFeed implements AutoCloseable {

    /** The MACs changed after a version, and the version they are current to. */
    public record Changes(String epoch, long version, boolean snapshot, List<String> changed) {
    }

    private final String epoch;
    private final Map<String, Long> changedAt = new HashMap<>();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private final AutoCloseable registration;
    private long version;

    public LabFeed(Journal journal) {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        this.epoch = HexFormat.of().formatHex(b);
        this.registration = journal.onCommit(this::committed);
    }

    /** One commit changed these MACs: they get the next version; every subscriber is told. */
    void committed(Set<String> macs) {
        synchronized (this) {
            version++;
            for (String mac : macs) {
                changedAt.put(mac, version);
            }
        }
        for (Runnable r : subscribers) {
            r.run();
        }
    }

    public String epoch() {
        return epoch;
    }

    /**
     * The Macs changed after {@code since} of {@code askedEpoch}; a snapshot (every Mac {@code all} lists) when
     * the epoch is not this feed's or {@code since} is negative or from the future. {@code all} is read under
     * the feed's lock: the journal publishes a status before it tells the feed, so what it lists is at least
     * as new as the version returned (a row newer than that is sent again later, never lost).
     */
    public Changes since(String askedEpoch, long since, Supplier<List<MachineStatus>> all) {
        synchronized (this) {
            if (!epoch.equals(askedEpoch) || since < 0 || since > version) {
                return new Changes(epoch, version, true, all.get().stream().map(MachineStatus::mac).toList());
            }
            List<String> changed = new ArrayList<>();
            changedAt.forEach((mac, v) -> {
                if (v > since) {
                    changed.add(mac);
                }
            });
            return new Changes(epoch, version, false, changed);
        }
    }

    public AutoCloseable subscribe(Runnable changed) {
        subscribers.add(changed);
        return () -> subscribers.remove(changed);
    }

    @Override
    public void close() throws Exception {
        registration.close();
    }
}
