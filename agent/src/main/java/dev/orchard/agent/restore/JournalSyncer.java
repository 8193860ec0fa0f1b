package dev.orchard.agent.restore;

import dev.orchard.agent.api.Manifest;

import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every sync interval: snapshot the ledger, force the target, then journal the snapshot. Taking the
 * snapshot before forcing is what makes "listed in the journal" imply "was durable on the target".
 * Forcing as we go also spreads the page-cache writeback over the restore instead of paying it at
 * the end.
 */
final class JournalSyncer implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final TargetDisk target;
    private final ChunkLedger ledger;
    private final RestoreJournal journal;
    private final Manifest manifest;
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final BitSet untouched;
    private volatile int frontier;
    private BitSet saved;

    /**
     * @param untouched chunks a previous run left listed; they stay listed until the restore reaches them
     *                  (see {@link #advance(int)}), so a crash during the re-verification loses nothing
     */
    JournalSyncer(TargetDisk target, ChunkLedger ledger, RestoreJournal journal, Manifest manifest, BitSet untouched,
                  Duration interval, String name) {
        this.untouched = (BitSet) untouched.clone();
        this.target = target;
        this.ledger = ledger;
        this.journal = journal;
        this.manifest = manifest;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-sync");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(50, interval.toMillis());
        timer.scheduleWithFixedDelay(this::syncQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (IOException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** The restore will not touch chunks below {@code chunk} other than through the ledger. */
    void advance(int chunk) {
        frontier = chunk;
    }

    /** Forces the target and journals what was done before; a no-op when nothing changed. */
    synchronized void sync() throws IOException {
        BitSet snapshot = ledger.snapshot();
        int from = frontier;
        BitSet ahead = (BitSet) untouched.clone();
        ahead.clear(0, from);
        snapshot.or(ahead);
        if (snapshot.equals(saved)) {
            return;
        }
        target.force();
        journal.save(manifest, target.path(), snapshot);
        saved = snapshot;
    }

    /** The first failure of a background sync (a disk error), or null. */
    IOException failure() {
        return failure.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
