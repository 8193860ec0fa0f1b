package dev.orchard.ops.page;

import dev.orchard.http.spi.ImageManifest;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.reload.SnapshotHolder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server page's document: the configuration serving now (its digest is the version: equal digests, same
 * files), the last reload with the errors that rejected it, the listeners as bound, the block images from
 * their manifests (size, SHA-256, chunks), and the lab's current transfer rate (the sum of the rows').
 */
final class ServerOverview {

    private ServerOverview() {
    }

    static Map<String, Object> of(ConfigSnapshot snapshot, Optional<SnapshotHolder.LastReload> lastReload,
                                  List<Map<String, Object>> listeners, List<ImageManifest> images, double throughput,
                                  int machines) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("digest", snapshot.digest());
        config.put("loadedAt", snapshot.loadedAt().toString());
        config.put("files", snapshot.sources().size());
        config.put("policies", snapshot.config().policies().size());
        config.put("warnings", snapshot.warnings().stream().map(Object::toString).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", config);
        out.put("lastReload", lastReload.map(ServerOverview::reload).orElse(null));
        out.put("listeners", listeners);
        out.put("images", images.stream().map(ServerOverview::image).toList());
        out.put("throughput", throughput);
        out.put("machines", machines);
        return out;
    }

    private static Map<String, Object> reload(SnapshotHolder.LastReload r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", r.result().outcome().tag());
        m.put("at", r.at().toString());
        m.put("problems", r.result().problems().stream().map(Object::toString).toList());
        return m;
    }

    private static Map<String, Object> image(ImageManifest i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("size", i.size());
        m.put("sha256", i.sha256());
        m.put("chunkSize", i.chunkSize());
        m.put("chunks", i.chunks().size());
        m.put("modified", i.modified().toString());
        return m;
    }
}
