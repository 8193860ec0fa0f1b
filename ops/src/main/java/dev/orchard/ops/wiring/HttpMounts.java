package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.server.BsdpServerConfig;
import dev.orchard.http.files.Mount;
import dev.orchard.http.files.MountKind;
import dev.orchard.ops.config.OrchardConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTTP server's URL layout (docs/agent-api.md): {@code /NetBoot/NetBootSP0} → the NBI folder(s),
 * {@code /images} → the block image folder (manifests at {@code /images/<name>/manifest}),
 * {@code /payloads} → the payloads folder. The first NBI folder is mounted whole; bundles of further
 * folders are mounted one by one (a mount has one root), so a bundle added to a second folder later
 * needs a restart to be served over HTTP.
 */
public final class HttpMounts {

    /** Where NBI root images are served (the path BSDP option 17 names). */
    public static final String NBI_PREFIX = BsdpServerConfig.APPLE_HTTP_PATH;
    public static final String IMAGES_PREFIX = "/images";
    public static final String PAYLOADS_PREFIX = "/payloads";
    private static final Logger LOG = LoggerFactory.getLogger(HttpMounts.class);

    private HttpMounts() {
    }

    public static List<Mount> of(OrchardConfig config, NbiCatalog catalog) throws IOException {
        List<Mount> mounts = new ArrayList<>();
        List<Path> nbi = config.images().nbiFolders();
        if (!nbi.isEmpty()) {
            Path first = nbi.get(0).toAbsolutePath().normalize();
            mounts.add(Mount.of(NBI_PREFIX, first, MountKind.NBI));
            Set<String> taken = new HashSet<>();
            for (NbImage image : catalog.images()) {
                Path bundle = image.bundle().toAbsolutePath().normalize();
                if (bundle.startsWith(first) || !taken.add(image.relativePath())) {
                    continue;
                }
                try {
                    mounts.add(Mount.of(NBI_PREFIX + "/" + image.relativePath(), bundle, MountKind.NBI));
                } catch (IllegalArgumentException e) {
                    LOG.warn("NBI bundle {} is not served over HTTP: {}", bundle, e.getMessage());
                }
            }
            if (nbi.size() > 1) {
                LOG.info("HTTP serves {} bundle(s) of the NBI folders after the first one by name; a bundle added"
                        + " there later is served over HTTP after a restart", mounts.size() - 1);
            }
        }
        mounts.add(Mount.of(IMAGES_PREFIX, existing(config.blockFolder()), MountKind.IMAGES));
        mounts.add(Mount.of(PAYLOADS_PREFIX, existing(config.payloadsFolder()), MountKind.PAYLOADS));
        return mounts;
    }

    private static Path existing(Path folder) throws IOException {
        Files.createDirectories(folder);
        return folder.toAbsolutePath().normalize();
    }
}
