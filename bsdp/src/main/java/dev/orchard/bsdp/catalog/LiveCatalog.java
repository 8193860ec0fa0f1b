package dev.orchard.bsdp.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The catalog being served, rescanned without a restart: {@link #rescan()} builds a whole new immutable
 * snapshot and swaps it in atomically, so requests in flight keep the snapshot they started with. A
 * broken bundle is reported and skipped; the rest is served. Problems are logged when the outcome of a
 * scan changes, not on every periodic rescan.
 */
public final class LiveCatalog implements Supplier<NbiCatalog> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveCatalog.class);

    private final NbiCatalogScanner scanner;
    private final List<Path> roots;
    private final AtomicReference<NbiCatalog> current = new AtomicReference<>(NbiCatalog.empty());

    public LiveCatalog(NbiCatalogScanner scanner, List<Path> roots) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.roots = List.copyOf(roots);
    }

    /** A catalog that never changes (tests, embedding). */
    public static Supplier<NbiCatalog> fixed(NbiCatalog catalog) {
        return () -> catalog;
    }

    @Override
    public NbiCatalog get() {
        return current.get();
    }

    /** Scans the roots again and serves the result; safe to call from any thread, never from an event loop. */
    public synchronized NbiCatalog rescan() {
        NbiCatalog next = scanner.scan(roots);
        NbiCatalog previous = current.getAndSet(next);
        if (!sameOutcome(previous, next)) {
            LOG.info("NBI catalog: {} image(s) served from {}: {}", next.images().size(), roots,
                    next.images().stream().map(i -> i.bundleName() + " " + i.id()).toList());
            for (CatalogProblem p : next.problems()) {
                if (p.severity() == CatalogProblem.Severity.ERROR) {
                    LOG.warn("NBI catalog: {} (not served)", p);
                } else {
                    LOG.info("NBI catalog: {}", p);
                }
            }
        }
        return next;
    }

    private static boolean sameOutcome(NbiCatalog a, NbiCatalog b) {
        return a.images().equals(b.images()) && a.problems().equals(b.problems());
    }
}
