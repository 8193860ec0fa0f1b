package dev.orchard.ops.reload;

import dev.orchard.ops.config.ConfigException;
import dev.orchard.ops.config.ConfigProblem;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.spi.OpsMetrics;
import dev.orchard.ops.spi.ReloadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Holds the configuration snapshot every decision is made from, and swaps it whole on reload: parse →
 * validate → swap atomically. A configuration with errors never replaces a good one; the errors are
 * logged with file:line and counted. Readers call {@link #current()} once per request and use that
 * snapshot throughout, so a request never sees half of two configurations.
 *
 * <p>Reloads come from the file watcher ({@link ConfigWatcher}), SIGHUP ({@link HangupSignal}) and the
 * admin API ({@code POST /api/v1/admin/reload} calls {@link #reload()}); they are serialised here.
 */
public final class SnapshotHolder {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotHolder.class);

    private final Path mainFile;
    private final Supplier<ConfigLoader.Options> options;
    private final OpsMetrics metrics;
    private final AtomicReference<ConfigSnapshot> current;
    private final List<Consumer<ConfigSnapshot>> listeners = new CopyOnWriteArrayList<>();

    public SnapshotHolder(Path mainFile, ConfigSnapshot initial, Supplier<ConfigLoader.Options> options,
                          OpsMetrics metrics) {
        this.mainFile = Objects.requireNonNull(mainFile, "mainFile");
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.options = options;
        this.metrics = metrics;
    }

    /** Loads the first snapshot; a broken configuration at start is an error (nothing to fall back to). */
    public static SnapshotHolder load(Path mainFile, Supplier<ConfigLoader.Options> options, OpsMetrics metrics)
            throws ConfigException {
        return new SnapshotHolder(mainFile, ConfigLoader.load(mainFile, options.get()), options, metrics);
    }

    /** The snapshot serving now. */
    public ConfigSnapshot current() {
        return current.get();
    }

    public Path mainFile() {
        return mainFile;
    }

    /** Called with each newly applied snapshot (on the reloading thread). */
    public void onApplied(Consumer<ConfigSnapshot> listener) {
        listeners.add(listener);
    }

    /** The last reload and when it ended (what the lab page's server view shows), if any happened yet. */
    public record LastReload(ReloadResult result, java.time.Instant at) {
    }

    private volatile LastReload lastReload;

    public Optional<LastReload> lastReload() {
        return Optional.ofNullable(lastReload);
    }

    /** Reads the files again and swaps the snapshot if they are valid and changed. */
    public synchronized ReloadResult reload() {
        ReloadResult r = reloadNow();
        lastReload = new LastReload(r, java.time.Instant.now());
        return r;
    }

    private ReloadResult reloadNow() {
        ConfigSnapshot before = current.get();
        ConfigLoader.Result r;
        try {
            r = ConfigLoader.check(mainFile, options.get());
        } catch (RuntimeException e) {
            LOG.error("configuration reload failed unexpectedly; still serving the configuration loaded at {}",
                    before.loadedAt(), e);
            metrics.configReloaded(ReloadOutcome.REJECTED);
            return new ReloadResult(ReloadOutcome.REJECTED, before, List.of());
        }
        if (r.snapshot().isEmpty()) {
            List<ConfigProblem> errors = r.errors();
            LOG.atError().addKeyValue("reload", "rejected").addKeyValue("errors", errors.size()).log(
                    "configuration reload rejected ({} error{}); still serving the configuration loaded at {}:\n{}",
                    errors.size(), errors.size() == 1 ? "" : "s", before.loadedAt(),
                    errors.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
            metrics.configReloaded(ReloadOutcome.REJECTED);
            return new ReloadResult(ReloadOutcome.REJECTED, before, errors);
        }
        ConfigSnapshot next = r.snapshot().get();
        if (next.digest().equals(before.digest())) {
            metrics.configReloaded(ReloadOutcome.UNCHANGED);
            return new ReloadResult(ReloadOutcome.UNCHANGED, before, List.of());
        }
        current.set(next);
        next.warnings().forEach(w -> LOG.warn("configuration: {}", w));
        LOG.atInfo().addKeyValue("reload", "applied").addKeyValue("files", next.sources().size())
                .addKeyValue("policies", next.config().policies().size())
                .log("configuration reloaded from {} ({} files, {} policies)", mainFile, next.sources().size(),
                        next.config().policies().size());
        metrics.configReloaded(ReloadOutcome.APPLIED);
        for (Consumer<ConfigSnapshot> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.error("a configuration listener failed", e);
            }
        }
        return new ReloadResult(ReloadOutcome.APPLIED, next, next.warnings());
    }
}
