package dev.orchard.ops.reload;

import dev.orchard.ops.config.ConfigSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reloads when a configuration file changes: watches the folders of every source file (main file,
 * includes, inventory CSVs, scripts) and every folder an include glob or folder names, so a new
 * {@code policies.d/30-x.yaml} is noticed too. Folders, not files, are watched because editors save
 * by writing a new file and renaming it over the old one. Changes are debounced: a burst of writes
 * (an editor, {@code git pull}, rsync) causes one reload after it settles.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(500);

    private final SnapshotHolder holder;
    private final Duration debounce;
    private final WatchService watcher;
    private final ScheduledExecutorService scheduler;
    private final Thread thread;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private volatile Set<Path> files = Set.of();
    private volatile Set<Path> folders = Set.of();
    private ScheduledFuture<?> pending;

    private ConfigWatcher(SnapshotHolder holder, Duration debounce) throws IOException {
        this.holder = holder;
        this.debounce = debounce;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orchard-config-reload");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, "orchard-config-watcher");
        this.thread.setDaemon(true);
    }

    /** Starts watching what {@code holder}'s snapshot was read from; follows each applied reload. */
    public static ConfigWatcher start(SnapshotHolder holder, Duration debounce) throws IOException {
        ConfigWatcher w = new ConfigWatcher(holder, debounce);
        w.register(holder.current());
        holder.onApplied(s -> {
            try {
                w.register(s);
            } catch (IOException e) {
                LOG.warn("cannot watch the new configuration's folders: {}", e.toString());
            }
        });
        w.thread.start();
        return w;
    }

    private synchronized void register(ConfigSnapshot s) throws IOException {
        Set<Path> f = new HashSet<>();
        Set<Path> dirs = new HashSet<>();
        for (Path p : s.sources()) {
            Path abs = p.toAbsolutePath().normalize();
            f.add(abs);
            dirs.add(abs.getParent());
        }
        Set<Path> watchedFolders = new HashSet<>();
        for (Path p : s.watchFolders()) {
            Path abs = p.toAbsolutePath().normalize();
            watchedFolders.add(abs);
            dirs.add(abs);
        }
        for (Path d : dirs) {
            if (Files.isDirectory(d) && !keys.containsValue(d)) {
                keys.put(d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE), d);
            }
        }
        files = f;
        folders = watchedFolders;
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir;
            synchronized (this) {
                dir = keys.get(key);
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    relevant = true;
                } else if (dir != null && event.context() instanceof Path name) {
                    relevant |= relevant(dir, dir.resolve(name));
                }
            }
            key.reset();
            if (relevant) {
                schedule();
            }
        }
    }

    private boolean relevant(Path dir, Path changed) {
        if (files.contains(changed)) {
            return true;
        }
        String n = changed.getFileName().toString();
        return folders.contains(dir) && (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".");
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(() -> {
            ReloadResult r = holder.reload();
            LOG.debug("file change: reload {}", r.outcome().tag());
        }, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        scheduler.shutdownNow();
        thread.interrupt();
    }
}
