package dev.orchard.bsdp.spi;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;

import java.util.Optional;

/**
 * The one question the BSDP server asks: which netboot images does this Mac get? Answer with images
 * of {@code catalog} (the snapshot this request is served from), or {@link Optional#empty()} to stay
 * silent — the Mac then boots from another server or not at all.
 *
 * <p>Asked for every INFORM[LIST] (what to show) and INFORM[SELECT] (whether the chosen image is
 * allowed, and the default when none was chosen). It may be slow (a database, a web service): the
 * server calls it on a worker thread, never on the network event loop. It should be thread-safe and
 * must not throw for ordinary answers; an exception is counted, logged and answered with silence.
 *
 * <pre>{@code
 * BootPolicy labOnly = (client, catalog) -> client.systemId().startsWith("iMac")
 *         ? catalog.byBundleName("Lab.nbi").map(i -> BootOffer.of(List.of(i)))
 *         : Optional.empty();
 * }</pre>
 */
@FunctionalInterface
public interface BootPolicy {

    Optional<BootOffer> offer(BootClient client, NbiCatalog catalog);

    /**
     * The server is sending this Mac its ACK[SELECT] for {@code image}: the Mac will now boot it. A
     * wiring may remember this (Orchard issues the Mac's netboot ticket for its agent here). Called on a
     * worker thread; must not throw (a failure is logged and the reply still goes out).
     */
    default void selected(BootClient client, NbImage image) {
    }
}
