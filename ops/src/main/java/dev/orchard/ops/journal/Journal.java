package dev.orchard.ops.journal;

import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.spi.OpsMetrics;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.Set;

/**
 * The durable status journal of machine events: an append-only log of CRC32C-checked JSON frames in
 * numbered segment files, with group commit. {@link #append} returns a future that completes only
 * after the fsync covering the record, so whatever was acknowledged survives {@code kill -9} and power
 * loss; a torn tail is cut at the next start. One writer thread batches concurrent appends into one
 * write and one fsync. An in-memory per-machine view ({@link #machines()}) is updated after each
 * commit. Segments are sealed at a size limit and compacted into each machine's retained records.
 *
 * <pre>{@code
 * try (Journal j = Journal.open(dataDir.resolve("journal"), JournalOptions.DEFAULTS, metrics, Clock.systemUTC())) {
 *     j.append(event).join();   // durable now: answer 202
 * }
 * }</pre>
 */
public final class Journal implements AutoCloseable {

    /** The outcome of an append: stored, or recognised as a retry of a stored event. */
    public record Appended(boolean duplicate) {
    }

    /**
     * Folders open in this JVM. Checked before touching the lock file: on POSIX, closing any channel
     * of a file drops every lock the process holds on it, so a refused second open must not open it.
     */
    private static final java.util.Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path key;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final RecoveryReport recovery;
    private final ConcurrentHashMap<String, MachineStatus> view = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<JournalWriter.Pending> queue = new LinkedBlockingQueue<>();
    private final List<Consumer<Set<String>>> commitListeners = new CopyOnWriteArrayList<>();
    private final JournalWriter writer;
    private final Thread thread;
    private volatile boolean closed;

    private Journal(Path dir, Path key, FileChannel lockChannel, FileLock lock, RecoveryReport recovery,
                    JournalWriter writer) {
        this.dir = dir;
        this.key = key;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recovery = recovery;
        this.writer = writer;
        this.thread = new Thread(() -> writer.run(queue), "orchard-journal-writer");
        this.thread.setDaemon(true);
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}, recovering from a crash. Only one process
     * may write a journal folder; a second gets an {@link IOException} saying so.
     */
    public static Journal open(Path dir, JournalOptions options, OpsMetrics metrics, Clock clock) throws IOException {
        return open(dir, options, metrics, clock, JournalDisk.REAL);
    }

    /** As {@link #open(Path, JournalOptions, OpsMetrics, Clock)}, changing the folder only through {@code disk}. */
    static Journal open(Path dir, JournalOptions options, OpsMetrics metrics, Clock clock, JournalDisk disk)
            throws IOException {
        SegmentFiles.createDurably(dir, disk);
        Path key = dir.toRealPath();
        if (!OPEN.add(key)) {
            throw new IOException("journal folder " + dir + " is in use by another Orchard process (this one)");
        }
        FileChannel lockChannel;
        FileLock lock;
        try {
            lockChannel = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
        } catch (IOException | RuntimeException e) {
            OPEN.remove(key);
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            OPEN.remove(key);
            throw new IOException("journal folder " + dir + " is in use by another Orchard process");
        }
        try {
            MachineBook book = new MachineBook(options);
            RecoveryReport report = JournalRecovery.recover(dir, book, metrics, disk);
            JournalWriter writer = JournalWriter.start(dir, options, book, metrics, clock, disk);
            Journal j = new Journal(dir, key, lockChannel, lock, report, writer);
            writer.publishTo(j.view);
            writer.notifyTo(j.commitListeners);
            writer.publishAll();
            j.thread.start();
            return j;
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            OPEN.remove(key);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Appends a record; the future completes after the record is durable (or recognised as a retry of
     * a durable one), or exceptionally when it could not be written.
     */
    public CompletableFuture<Appended> append(JournalRecord record) {
        CompletableFuture<Appended> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("journal is closed"));
            return f;
        }
        queue.add(new JournalWriter.Pending(record, f));
        if (closed) {
            writer.failLeftovers(queue);
        }
        return f;
    }

    /** Every machine, most recently seen first. */
    public List<MachineStatus> machines() {
        return view.values().stream()
                .sorted(Comparator.comparing(MachineStatus::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(MachineStatus::mac))
                .toList();
    }

    public Optional<MachineStatus> machine(MacAddress mac) {
        return Optional.ofNullable(view.get(mac.toString()));
    }

    /**
     * Calls {@code listener} after each commit with the MACs whose status it changed (their new status is
     * already in {@link #machine}). It runs on the writer thread, between group commits: it must only note
     * the MACs and return (the lab page's feed marks them dirty, docs/lab-page.md). Closing the returned
     * handle stops the calls.
     */
    public AutoCloseable onCommit(Consumer<Set<String>> listener) {
        commitListeners.add(listener);
        return () -> commitListeners.remove(listener);
    }

    /** What the last start found (records replayed, bytes cut off a torn tail). */
    public RecoveryReport recovery() {
        return recovery;
    }

    public Path folder() {
        return dir;
    }

    /** Writes what is queued, syncs and releases the folder. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(JournalWriter.CLOSE);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.failLeftovers(queue);
        try {
            writer.close();
        } finally {
            // a failed final sync (the disk is gone) must not keep the folder locked for a later open
            try {
                lock.release();
                lockChannel.close();
            } finally {
                OPEN.remove(key);
            }
        }
    }
}
