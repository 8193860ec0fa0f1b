package dev.orchard.ops.journal;

import dev.orchard.ops.spi.OpsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The journal's single writer: takes every queued append, writes the batch with one gathering write,
 * fsyncs once, then applies it to the in-memory view and completes the callers' futures (group
 * commit: under load many records share one fsync; alone, one record costs one fsync). Then it seals
 * the segment when it is full and compacts sealed segments when they pile up. A record is acknowledged
 * only when both its bytes (the fsync of the segment) and the segment's name (the fsync of the folder
 * after the segment was created) are durable; all disk changes go through a {@link JournalDisk}.
 */
final class JournalWriter {

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);

    record Pending(JournalRecord record, CompletableFuture<Journal.Appended> future) {
    }

    private final Path dir;
    private final JournalOptions options;
    private final MachineBook book;
    private final OpsMetrics metrics;
    private final Clock clock;
    private final JournalDisk disk;
    private FileChannel active;
    private long activeId;
    /** False from the creation of the active segment until its folder entry was synced. */
    private boolean activeNamed;
    private long lastCompactedBytes;
    private Map<String, MachineStatus> view;
    private List<Consumer<Set<String>>> commitListeners = List.of();

    private JournalWriter(Path dir, JournalOptions options, MachineBook book, OpsMetrics metrics, Clock clock,
                          JournalDisk disk) {
        this.dir = dir;
        this.options = options;
        this.book = book;
        this.metrics = metrics;
        this.clock = clock;
        this.disk = disk;
    }

    /** Opens the newest segment for appending (creating the first one). */
    static JournalWriter start(Path dir, JournalOptions options, MachineBook book, OpsMetrics metrics, Clock clock,
                               JournalDisk disk) throws IOException {
        JournalWriter w = new JournalWriter(dir, options, book, metrics, clock, disk);
        List<Long> ids = SegmentFiles.ids(dir);
        if (ids.isEmpty()) {
            w.create(1);
        } else {
            w.activeId = ids.get(ids.size() - 1);
            w.active = disk.open(SegmentFiles.segment(dir, w.activeId), StandardOpenOption.WRITE);
            // recovery found it in the folder, but a crash before its creator synced the folder may have left
            // the name in the page cache only: sync again before acknowledging anything stored in it
            w.activeNamed = false;
            w.active.position(w.active.size());
            w.lastCompactedBytes = ids.size() > 1 ? Files.size(SegmentFiles.segment(dir, ids.get(0))) : 0;
        }
        return w;
    }

    void publishTo(Map<String, MachineStatus> target) {
        this.view = target;
    }

    /** Told, on this thread after each commit, which machines it changed: keep them quick. */
    void notifyTo(List<Consumer<Set<String>>> listeners) {
        this.commitListeners = listeners;
    }

    void publishAll() {
        for (String mac : book.macs()) {
            view.put(mac, book.status(mac));
        }
    }

    /** The wake-up the journal queues when it closes: write what is left, then stop. */
    static final Pending CLOSE = new Pending(null, null);

    void run(BlockingQueue<Pending> queue) {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            batch.clear();
            boolean closing = first == CLOSE;
            if (!closing) {
                batch.add(first);
            }
            queue.drainTo(batch, options.maxBatch() - batch.size());
            closing |= batch.remove(CLOSE);
            try {
                if (!batch.isEmpty()) {
                    commit(batch);
                    maintain();
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("journal: segment maintenance failed: {}", e.toString());
            }
            if (closing && queue.isEmpty()) {
                return;
            }
            if (closing) {
                queue.add(CLOSE);
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<ByteBuffer> frames = new ArrayList<>();
        List<Pending> stored = new ArrayList<>();
        List<Pending> duplicates = new ArrayList<>();
        for (Pending p : batch) {
            JournalRecord r = p.record().receivedAt() == null ? p.record().receivedAt(clock.instant()) : p.record();
            if (r instanceof MachineEvent e && book.isDuplicate(e)) {
                duplicates.add(p);
                continue;
            }
            try {
                frames.add(SegmentFormat.frame(r));
            } catch (RuntimeException ex) {
                p.future().completeExceptionally(ex);
                continue;
            }
            if (r instanceof MachineEvent e) {
                book.reserve(e);
            }
            stored.add(new Pending(r, p.future()));
        }
        long start = -1;
        long fsyncNanos = 0;
        try {
            if (!activeNamed) {
                disk.syncDirectory(dir);
                activeNamed = true;
            }
            start = active.position();
            ByteBuffer[] all = frames.toArray(ByteBuffer[]::new);
            long remaining = frames.stream().mapToLong(ByteBuffer::remaining).sum();
            while (remaining > 0) {
                remaining -= active.write(all);
            }
            long t0 = System.nanoTime();
            active.force(false);
            fsyncNanos = System.nanoTime() - t0;
        } catch (IOException e) {
            fail(stored, duplicates, start, e);
            return;
        }
        Set<String> touched = new HashSet<>();
        for (Pending p : stored) {
            book.apply(p.record());
            touched.add(p.record().mac());
        }
        for (String mac : touched) {
            view.put(mac, book.status(mac));
        }
        Set<String> changed = Collections.unmodifiableSet(touched);
        for (Consumer<Set<String>> l : commitListeners) {
            try {
                l.accept(changed);
            } catch (RuntimeException e) {
                LOG.warn("journal: a commit listener failed: {}", e.toString());
            }
        }
        stored.forEach(p -> p.future().complete(new Journal.Appended(false)));
        duplicates.forEach(p -> {
            metrics.journalDuplicate();
            p.future().complete(new Journal.Appended(true));
        });
        if (!stored.isEmpty()) {
            metrics.journalCommitted(stored.size(), fsyncNanos);
        }
    }

    /** Nothing of a failed batch is acknowledged; the file is cut back so a retry starts clean. */
    private void fail(List<Pending> stored, List<Pending> duplicates, long start, IOException e) {
        LOG.error("journal: write or fsync failed, {} records not acknowledged: {}", stored.size(), e.toString());
        for (Pending p : stored) {
            if (p.record() instanceof MachineEvent ev) {
                book.forget(ev);
            }
            p.future().completeExceptionally(e);
        }
        duplicates.forEach(p -> p.future().completeExceptionally(e));
        if (start >= 0) {
            try {
                active.truncate(start);
                active.position(start);
            } catch (IOException ignored) {
                // the torn tail is cut at the next start
            }
        }
    }

    /** Seals a full segment; compacts when sealed segments have grown well beyond the last compaction. */
    private void maintain() throws IOException {
        if (active.size() < options.segmentBytes()) {
            return;
        }
        FileChannel sealed = active;
        sealed.force(true);
        create(activeId + 1); // on failure the full segment stays active and the next commit tries again
        sealed.close();
        List<Long> sealedIds = SegmentFiles.ids(dir).stream().filter(id -> id < activeId).toList();
        long sealedBytes = 0;
        for (long id : sealedIds) {
            sealedBytes += Files.size(SegmentFiles.segment(dir, id));
        }
        if (sealedIds.size() >= options.compactAfterSegments() && sealedBytes >= 2 * lastCompactedBytes) {
            compact(activeId - 1);
        }
    }

    /**
     * Rewrites segments {@code ≤ upTo} as each machine's retained records. Runs right after a seal, so
     * the in-memory book holds exactly what those segments hold.
     */
    private void compact(long upTo) throws IOException {
        SegmentFiles.finishCompaction(dir, disk); // one left half-done by an earlier failure goes first
        Path tmp = dir.resolve(SegmentFiles.COMPACT_TMP);
        long size;
        try (FileChannel out = disk.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(SegmentFormat.header());
            for (JournalRecord r : book.retained()) {
                ByteBuffer f = SegmentFormat.frame(r);
                while (f.hasRemaining()) {
                    out.write(f);
                }
            }
            out.force(true);
            size = out.size();
        }
        disk.rename(tmp, SegmentFiles.compacted(dir, upTo));
        disk.syncDirectory(dir);
        SegmentFiles.install(dir, upTo, disk);
        lastCompactedBytes = size;
        metrics.journalCompacted();
        LOG.info("journal: compacted segments up to {} into {} bytes", upTo, size);
    }

    /**
     * Starts segment {@code id} as the active one: header written and synced, then its name made durable.
     * A left-over file of an earlier failed attempt held nothing acknowledged and is overwritten. When the
     * folder sync fails the segment is active but its name may not survive a power cut: the next commit
     * syncs the folder before it acknowledges anything.
     */
    private void create(long id) throws IOException {
        Path file = SegmentFiles.segment(dir, id);
        FileChannel created = disk.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer header = SegmentFormat.header();
            while (header.hasRemaining()) {
                created.write(header);
            }
            created.force(true);
        } catch (IOException | RuntimeException e) {
            created.close();
            try {
                disk.delete(file);
            } catch (IOException ignored) {
                // a left-over holds nothing acknowledged; the next attempt overwrites it
            }
            throw e;
        }
        active = created;
        activeId = id;
        activeNamed = false;
        try {
            disk.syncDirectory(dir);
            activeNamed = true;
        } catch (IOException e) {
            LOG.warn("journal: syncing the folder after creating {} failed ({}); the next commit tries again",
                    file.getFileName(), e.toString());
        }
    }

    void failLeftovers(BlockingQueue<Pending> queue) {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.future().completeExceptionally(new IllegalStateException("journal is closed"));
        }
    }

    void close() throws IOException {
        try (FileChannel last = active) {
            if (last.isOpen()) {
                last.force(true);
            }
        }
    }
}
