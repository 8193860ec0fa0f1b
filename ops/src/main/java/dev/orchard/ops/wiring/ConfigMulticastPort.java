package dev.orchard.ops.wiring;

import dev.orchard.http.multicast.ImageFileChunks;
import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.spi.ImageChunks;
import dev.orchard.http.spi.MulticastMetrics;
import dev.orchard.http.spi.MulticastPort;
import dev.orchard.http.spi.MulticastSettings;
import dev.orchard.ops.config.MulticastConfig;
import dev.orchard.ops.config.OrchardConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The multicast sender's port from the configuration ({@code multicast:}, docs/multicast.md). A Mac may join
 * the stream of the image its last plan streamed to it ({@link #grant}, called by the {@link PlanAssembler}),
 * so the policy decides once, when the plan is made, and the join route never evaluates rules again. Settings
 * are read from the snapshot current at each join, so a reload applies to the next stream started.
 */
public final class ConfigMulticastPort implements MulticastPort {

    private final Supplier<OrchardConfig> config;
    private final int chunkSize;
    private final MulticastMetrics metrics;
    private final Map<String, String> granted = new ConcurrentHashMap<>();

    public ConfigMulticastPort(Supplier<OrchardConfig> config, int chunkSize, MulticastMetrics metrics) {
        this.config = config;
        this.chunkSize = chunkSize;
        this.metrics = metrics;
    }

    /** Remembers that {@code mac}'s plan streams image file {@code image}. */
    void grant(String mac, String image) {
        granted.put(mac, image);
    }

    @Override
    public Optional<MulticastSettings> settingsFor(String mac, String image) {
        OrchardConfig c = config.get();
        if (c.multicast() == null || !image.equals(granted.get(mac))) {
            return Optional.empty();
        }
        return Optional.of(settings(c));
    }

    @Override
    public ImageChunks open(String image) throws IOException {
        return ImageFileChunks.open(config.get().blockFolder(), image, new ManifestStore(chunkSize));
    }

    @Override
    public MulticastMetrics metrics() {
        return metrics;
    }

    /** The sender's settings for a configuration with a {@code multicast:} section. */
    static MulticastSettings settings(OrchardConfig c) {
        MulticastConfig m = c.multicast();
        String source = m.source() != null ? m.source() : c.server().advertiseAddress();
        try {
            return new MulticastSettings(InetAddress.getByName(m.group()), m.port(), m.ttl(), m.rateMbit() * 1_000_000L,
                    m.idleStop(), source == null ? null : InetAddress.getByName(source));
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("validated addresses are numeric", e);
        }
    }
}
