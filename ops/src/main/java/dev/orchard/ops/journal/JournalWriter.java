package dev.orchard.ops.journal;

import dev.orchard.ops.spi.OpsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The journal's single writer: takes every queued append, writes the batch with one gathering write,
 * fsyncs once, then applies it to the in-memory view and completes the callers' futures (group
 * commit: under load many records share one fsync; alone, one record costs one fsync). Then it seals
 * the segment when it is full and compacts sealed segments when they pile up.
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
    private FileChannel active;
    private long activeId;
    private long lastCompactedBytes;
    private Map<String, MachineStatus> view;

    private JournalWriter(Path dir, JournalOptions options, MachineBook book, OpsMetrics metrics, Clock clock) {
        this.dir = dir;
        this.options = options;
        this.book = book;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Opens the newest segment for appending (creating the first one). */
    static JournalWriter start(Path dir, JournalOptions options, MachineBook book, OpsMetrics metrics, Clock clock)
            throws IOException {
        JournalWriter w = new JournalWriter(dir, options, book, metrics, clock);
        List<Long> ids = SegmentFiles.ids(dir);
        if (ids.isEmpty()) {
            w.create(1);
        } else {
            w.activeId = ids.get(ids.size() - 1);
            w.active = FileChannel.open(SegmentFiles.segment(dir, w.activeId), StandardOpenOption.WRITE);
            w.active.position(w.active.size());
            w.lastCompactedBytes = ids.size() > 1 ? Files.size(SegmentFiles.segment(dir, ids.get(0))) : 0;
        }
        return w;
    }

    void publishTo(Map<String, MachineStatus> target) {
        this.view = target;
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
        active.force(true);
        active.close();
        create(activeId + 1);
        List<Long> sealed = SegmentFiles.ids(dir).stream().filter(id -> id < activeId).toList();
        long sealedBytes = 0;
        for (long id : sealed) {
            sealedBytes += Files.size(SegmentFiles.segment(dir, id));
        }
        if (sealed.size() >= options.compactAfterSegments() && sealedBytes >= 2 * lastCompactedBytes) {
            compact(activeId - 1);
        }
    }

    /**
     * Rewrites segments {@code ≤ upTo} as each machine's retained records. Runs right after a seal, so
     * the in-memory book holds exactly what those segments hold.
     */
    private void compact(long upTo) throws IOException {
        Path tmp = dir.resolve(SegmentFiles.COMPACT_TMP);
        long size;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
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
        Files.move(tmp, SegmentFiles.compacted(dir, upTo), StandardCopyOption.ATOMIC_MOVE);
        SegmentFiles.fsyncDir(dir);
        SegmentFiles.install(dir, upTo);
        lastCompactedBytes = size;
        metrics.journalCompacted();
        LOG.info("journal: compacted segments up to {} into {} bytes", upTo, size);
    }

    private void create(long id) throws IOException {
        activeId = id;
        active = FileChannel.open(SegmentFiles.segment(dir, id), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        active.write(SegmentFormat.header());
        active.force(true);
        SegmentFiles.fsyncDir(dir);
    }

    void failLeftovers(BlockingQueue<Pending> queue) {
        Pending p;
        while ((p = queue.poll()) != null) {
            p.future().completeExceptionally(new IllegalStateException("journal is closed"));
        }
    }

    void close() throws IOException {
        if (active.isOpen()) {
            active.force(true);
            active.close();
        }
    }
}
