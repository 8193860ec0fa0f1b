package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.ops.reload.ConfigWatcher;
import dev.orchard.ops.reload.HangupSignal;
import dev.orchard.ops.reload.SnapshotHolder;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What runs beside the listeners: the configuration file watcher, the SIGHUP handler, the NBI catalog
 * rescan (every 30 s), the sweep of abandoned agent runs (every minute), the first scan of the block
 * images' manifests, and the notice when a reload changes something that needs a restart.
 */
final class BackgroundTasks {

    private ConfigWatcher watcher;
    private ScheduledExecutorService timers;

    void start(SnapshotHolder holder, LiveCatalog catalog, RunTracker runs, ImageLibrary images, ServeOptions o)
            throws StartFailure {
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orchard-timers");
            t.setDaemon(true);
            return t;
        });
        timers.scheduleWithFixedDelay(catalog::rescan, 30, 30, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(runs::sweep, 1, 1, TimeUnit.MINUTES);
        timers.execute(() -> BackgroundScan.run(images));
        holder.onApplied(new RestartNotice(holder.current()));
        if (o.watchFiles()) {
            try {
                watcher = ConfigWatcher.start(holder, ConfigWatcher.DEFAULT_DEBOUNCE);
            } catch (IOException e) {
                throw StartFailure.other("cannot watch the configuration files: " + e.getMessage(), e);
            }
        }
        if (o.handleSignals()) {
            HangupSignal.install(holder::reload);
        }
    }

    void stop() {
        OrchardServer.quietly("config watcher", watcher);
        if (timers != null) {
            timers.shutdownNow();
        }
    }
}
