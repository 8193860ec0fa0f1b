package dev.orchard.agent.testing;

import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.multicast.ImageFileChunks;
import dev.orchard.http.spi.ImageChunks;
import dev.orchard.http.spi.MulticastFallback;
import dev.orchard.http.spi.MulticastMetrics;
import dev.orchard.http.spi.MulticastPort;
import dev.orchard.http.spi.MulticastSettings;
import dev.orchard.http.spi.MulticastStop;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's multicast port for tests on one host: every image is streamed to everyone (unless
 * {@link #offered} is false), from 127.0.0.1 on {@code lo}, and what the sender and receivers report is kept.
 */
public final class LoopbackMulticast implements MulticastPort, MulticastMetrics {

    /** One receiver's report. */
    public record Report(long multicastBytes, long repairBytes, MulticastFallback fallback) {
    }

    public final MulticastSettings settings;
    public final List<Report> reports = new CopyOnWriteArrayList<>();
    public final List<MulticastStop> stops = new CopyOnWriteArrayList<>();
    public final AtomicLong bytesSent = new AtomicLong();
    public final AtomicInteger joins = new AtomicInteger();
    public final AtomicInteger streamsStarted = new AtomicInteger();
    public volatile boolean offered = true;
    private final int chunkSize;
    private Path images;

    public LoopbackMulticast(String group, int port, long rateBitsPerSecond, int chunkSize) throws IOException {
        this.settings = new MulticastSettings(InetAddress.getByName(group), port, 1, rateBitsPerSecond,
                Duration.ofSeconds(2), InetAddress.getLoopbackAddress());
        this.chunkSize = chunkSize;
    }

    /** For {@code OrchardServer(chunk, images -> multicast.servingFrom(images))}. */
    public MulticastPort servingFrom(Path imagesFolder) {
        this.images = imagesFolder;
        return this;
    }

    @Override
    public Optional<MulticastSettings> settingsFor(String mac, String image) {
        return offered ? Optional.of(settings) : Optional.empty();
    }

    @Override
    public ImageChunks open(String image) throws IOException {
        return ImageFileChunks.open(images, image, new ManifestStore(chunkSize));
    }

    @Override
    public MulticastMetrics metrics() {
        return this;
    }

    @Override
    public void bytesSent(long bytes) {
        bytesSent.addAndGet(bytes);
    }

    @Override
    public void receiverJoined() {
        joins.incrementAndGet();
    }

    @Override
    public void streamStarted() {
        streamsStarted.incrementAndGet();
    }

    @Override
    public void streamStopped(MulticastStop why) {
        stops.add(why);
    }

    @Override
    public void receiverFinished(long multicastBytes, long repairBytes, MulticastFallback fallback) {
        reports.add(new Report(multicastBytes, repairBytes, fallback));
    }
}
