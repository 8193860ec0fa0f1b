package dev.orchard.ops.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The durable queue of webhook deliveries: every delivery is written to {@link OutboxFile} and fsynced before
 * {@link #add} completes, and leaves it only by {@link #settle} (delivered, expired, dropped), so what was queued
 * is sent at least once across a restart or {@code kill -9}. One writer thread batches the writes (group commit,
 * as the journal does); settling needs no fsync of its own (a lost "settled" only means one more delivery).
 *
 * <p>Bounded: each receiver keeps at most its {@code max_pending} deliveries; a new one beyond that pushes the
 * oldest out, counted as {@code dropped} and logged, so a dead receiver costs a fixed amount of memory and disk.
 * The file is rewritten with only the waiting deliveries when it has grown to several times their size.
 */
final class Outbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final String FILE = "outbox.log";
    /** Keys of settled deliveries remembered, so a retried agent post does not queue its event again. */
    static final int RECENTLY_SETTLED = 8192;

    private record Write(ByteBuffer frame, CompletableFuture<Void> done) {
    }

    private static final Write CLOSE = new Write(null, null);

    private final Path dir;
    private final Path file;
    private final long compactAbove;
    private final WebhookMetrics metrics;
    private final Map<String, Integer> caps;
    private final Map<String, LinkedHashMap<String, Delivery>> pending = new HashMap<>();
    private final LinkedHashSet<String> settled = new LinkedHashSet<>();
    private final LinkedBlockingQueue<Write> writes = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final DropLog drops = new DropLog();
    private FileChannel channel;
    private long liveBytes;
    private long total;
    private boolean closed;

    private Outbox(Path dir, Map<String, Integer> caps, long compactAbove, WebhookMetrics metrics) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.caps = Map.copyOf(caps);
        this.compactAbove = compactAbove;
        this.metrics = metrics;
        this.writer = new Thread(this::writeLoop, "orchard-webhook-outbox");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (creating) the outbox in {@code dir}, recovering what a previous run left: a torn tail is cut, and
     * deliveries for receivers no longer configured are settled as {@code unconfigured}.
     *
     * @param caps each configured receiver's URL with its {@code max_pending}
     */
    static Outbox open(Path dir, Map<String, Integer> caps, long compactAbove, WebhookMetrics metrics)
            throws IOException {
        Files.createDirectories(dir);
        Outbox o = new Outbox(dir, caps, compactAbove, metrics);
        o.recover();
        o.writer.start();
        return o;
    }

    private void recover() throws IOException {
        List<Delivery> found = new ArrayList<>();
        if (Files.exists(file)) {
            OutboxFile.Contents c = OutboxFile.read(file);
            if (!c.headerValid() && c.discardedBytes() > 0) {
                Path aside = dir.resolve(FILE + ".unreadable-" + System.currentTimeMillis());
                Files.move(file, aside);
                LOG.error("webhooks: {} is not an outbox file; moved it to {} and started empty", file, aside);
            } else {
                Map<String, Delivery> live = new LinkedHashMap<>();
                for (OutboxFile.Entry e : c.entries()) {
                    String key = Delivery.key(e.receiver(), e.id());
                    if (e.kind().equals("queued")) {
                        live.putIfAbsent(key, e.delivery());
                    } else {
                        live.remove(key);
                    }
                }
                found.addAll(live.values());
                if (c.discardedBytes() > 0) {
                    LOG.warn("webhooks: cut {} bytes of a torn write off the outbox (never acknowledged)",
                            c.discardedBytes());
                }
            }
        }
        int unconfigured = 0;
        for (Delivery d : found) {
            if (caps.containsKey(d.receiver())) {
                pending.computeIfAbsent(d.receiver(), r -> new LinkedHashMap<>()).put(d.key(), d);
                liveBytes += OutboxFile.frame(OutboxFile.Entry.queued(d)).remaining();
                total++;
            } else {
                unconfigured++;
                metrics.settled(WebhookMetrics.Outcome.UNCONFIGURED);
            }
        }
        if (unconfigured > 0) {
            LOG.warn("webhooks: {} deliveries waited for receivers no longer in webhooks:; they are dropped",
                    unconfigured);
        }
        rewrite(); // starts the file with exactly what waits: no torn tail, nothing settled
        metrics.pending(total);
        if (total > 0) {
            LOG.info("webhooks: {} deliveries waiting from before the restart", total);
        }
    }

    /**
     * Queues deliveries not already waiting or recently settled; completes once they are durable (or
     * exceptionally when the disk refused them: they are still sent while this process runs).
     */
    CompletableFuture<Void> add(List<Delivery> deliveries) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                durable.completeExceptionally(new IllegalStateException("the webhook outbox is closed"));
                return durable;
            }
            for (Delivery d : deliveries) {
                LinkedHashMap<String, Delivery> queue = pending.computeIfAbsent(d.receiver(), r -> new LinkedHashMap<>());
                if (queue.containsKey(d.key()) || settled.contains(d.key())) {
                    continue;
                }
                int cap = caps.getOrDefault(d.receiver(), 0);
                Iterator<Delivery> oldest = queue.values().iterator();
                while (queue.size() >= cap && oldest.hasNext()) {
                    Delivery dropped = oldest.next();
                    drops.dropped(dropped.receiver(), cap);
                    settle(dropped.receiver(), dropped.id(), WebhookMetrics.Outcome.DROPPED);
                    oldest = queue.values().iterator();
                }
                ByteBuffer frame = OutboxFile.frame(OutboxFile.Entry.queued(d));
                queue.put(d.key(), d);
                liveBytes += frame.remaining();
                total++;
                writes.add(new Write(frame, null));
            }
            writes.add(new Write(null, durable));
            metrics.pending(total);
        }
        return durable;
    }

    /** The oldest delivery waiting for {@code receiver}, or null. */
    synchronized Delivery head(String receiver) {
        LinkedHashMap<String, Delivery> queue = pending.get(receiver);
        return queue == null || queue.isEmpty() ? null : queue.values().iterator().next();
    }

    /** Takes a delivery out of the outbox; false when it had already left (dropped meanwhile). */
    synchronized boolean settle(String receiver, String id, WebhookMetrics.Outcome outcome) {
        LinkedHashMap<String, Delivery> queue = pending.get(receiver);
        String key = Delivery.key(receiver, id);
        Delivery d = queue == null ? null : queue.remove(key);
        if (d == null) {
            return false;
        }
        liveBytes -= OutboxFile.frame(OutboxFile.Entry.queued(d)).remaining();
        total--;
        settled.add(key);
        Iterator<String> it = settled.iterator();
        while (settled.size() > RECENTLY_SETTLED) {
            it.next();
            it.remove();
        }
        writes.add(new Write(OutboxFile.frame(OutboxFile.Entry.settled(receiver, id, outcome)), null));
        metrics.settled(outcome);
        metrics.pending(total);
        return true;
    }

    synchronized long waiting() {
        return total;
    }

    private void writeLoop() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(writes.take());
            } catch (InterruptedException e) {
                return;
            }
            writes.drainTo(batch);
            boolean closing = batch.remove(CLOSE);
            List<ByteBuffer> frames = new ArrayList<>();
            for (Write w : batch) {
                if (w.frame() != null) {
                    frames.add(w.frame());
                }
            }
            IOException failure = null;
            try {
                ByteBuffer[] all = frames.toArray(ByteBuffer[]::new);
                long left = frames.stream().mapToLong(ByteBuffer::remaining).sum();
                while (left > 0) {
                    left -= channel.write(all);
                }
                channel.force(false);
                maybeCompact();
            } catch (IOException e) {
                failure = e;
                LOG.error("webhooks: writing the outbox failed; {} deliveries are not durable: {}", frames.size(),
                        e.toString());
            }
            for (Write w : batch) {
                if (w.done() != null) {
                    if (failure == null) {
                        w.done().complete(null);
                    } else {
                        w.done().completeExceptionally(failure);
                    }
                }
            }
            if (closing) {
                return;
            }
        }
    }

    private void maybeCompact() throws IOException {
        long size = channel.size();
        boolean big;
        synchronized (this) {
            big = size > compactAbove && size > 4 * liveBytes;
        }
        if (big) {
            rewrite();
        }
    }

    /**
     * Replaces the file with the deliveries waiting now (temporary file, fsync, rename, fsync of the folder), so
     * that at every moment one complete outbox is on disk. Frames queued but not yet written are appended after
     * it; replaying one twice is harmless (the first queued record of a key wins, a settle of an unknown key is
     * ignored).
     */
    private void rewrite() throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            List<ByteBuffer> frames = new ArrayList<>();
            frames.add(OutboxFile.header());
            synchronized (this) {
                for (LinkedHashMap<String, Delivery> queue : pending.values()) {
                    for (Delivery d : queue.values()) {
                        frames.add(OutboxFile.frame(OutboxFile.Entry.queued(d)));
                    }
                }
            }
            ByteBuffer[] all = frames.toArray(ByteBuffer[]::new);
            long left = frames.stream().mapToLong(ByteBuffer::remaining).sum();
            while (left > 0) {
                left -= out.write(all);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
        FileChannel previous = channel;
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (previous != null) {
            previous.close();
        }
    }

    /** Writes what is queued, syncs and closes. Deliveries still waiting are sent after the next start. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true; // a later add fails at once instead of waiting for a writer that has stopped
        }
        writes.add(CLOSE);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("webhooks: closing the outbox failed: {}", e.toString());
        }
    }
}
