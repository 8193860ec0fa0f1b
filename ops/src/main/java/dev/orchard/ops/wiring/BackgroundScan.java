package dev.orchard.ops.wiring;

import dev.orchard.http.manifest.ImageScanner;
import dev.orchard.http.spi.ImageManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At start, brings the block images' manifests up to date in the background, so the first plan that
 * names a new or changed image does not wait for it to be hashed (a plan would wait, not fail).
 */
final class BackgroundScan {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundScan.class);

    private BackgroundScan() {
    }

    static void run(ImageLibrary images) {
        Set<String> hashed = ConcurrentHashMap.newKeySet();
        try {
            List<ImageManifest> all = images.scan((name, done, total) -> {
                if (hashed.add(name)) {
                    LOG.info("hashing block image {} ({} bytes) for its manifest", name, total);
                }
            });
            LOG.info("block images in {}: {} with fresh manifests ({} hashed now)", images.folder(), all.size(),
                    hashed.size());
        } catch (IOException | RuntimeException e) {
            LOG.warn("scanning the block images in {} failed: {}", images.folder(), e.toString());
        }
    }
}
