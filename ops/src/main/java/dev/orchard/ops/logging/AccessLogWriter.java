package dev.orchard.ops.logging;

import dev.orchard.http.spi.AccessLogEntry;
import dev.orchard.http.spi.AccessLogSink;
import dev.orchard.ops.config.ObservabilitySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the access log on a thread of its own, so an event loop never waits for a disk or a pipe: entries are
 * queued (at most {@value #QUEUE} waiting; beyond that a line is dropped, counted and reported in a log line at
 * most once a minute) and written in batches, flushed when the queue is empty. The file is opened for
 * appending; rotate it with logrotate's {@code copytruncate} (docs/http.md).
 */
public final class AccessLogWriter implements AccessLogSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    static final int QUEUE = 65_536;
    private static final AccessLogEntry STOP = new AccessLogEntry(java.time.Instant.EPOCH, "-", "-", "-", 0, 0, 0, "-",
            null, null, dev.orchard.http.spi.RouteClass.OTHER, false);

    private final ObservabilitySettings.LogFormat format;
    private final Writer out;
    private final boolean closeOut;
    private final BlockingQueue<AccessLogEntry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private long lastDropReport;

    private AccessLogWriter(ObservabilitySettings.LogFormat format, Writer out, boolean closeOut) {
        this.format = format;
        this.out = out;
        this.closeOut = closeOut;
        this.thread = new Thread(this::run, "orchard-access-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The writer for {@code settings} (null: no access log, {@link AccessLogSink#NONE}). */
    public static AccessLogSink open(ObservabilitySettings.AccessLog settings) throws IOException {
        if (settings == null) {
            return AccessLogSink.NONE;
        }
        if (settings.path() == null) {
            return new AccessLogWriter(settings.format(),
                    new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), false);
        }
        return new AccessLogWriter(settings.format(), Files.newBufferedWriter(settings.path(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
    }

    @Override
    public void log(AccessLogEntry entry) {
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        List<AccessLogEntry> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                AccessLogEntry first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                }
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            boolean stop = batch.remove(STOP);
            try {
                Writer w = out;
                for (AccessLogEntry e : batch) {
                    w.write(AccessLogFormat.line(format, e));
                    w.write('\n');
                }
                if (!batch.isEmpty()) {
                    w.flush();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("access log: writing {} lines failed: {}", batch.size(), e.toString());
            }
            reportDrops();
            if (stop) {
                return;
            }
        }
    }

    private void reportDrops() {
        long now = System.nanoTime();
        if (dropped.get() > 0 && now - lastDropReport > TimeUnit.MINUTES.toNanos(1)) {
            LOG.warn("access log: {} lines dropped: the log could not keep up ({} waiting at most)",
                    dropped.getAndSet(0), QUEUE);
            lastDropReport = now;
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (closeOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            LOG.warn("access log: closing failed: {}", e.toString());
        }
    }
}
