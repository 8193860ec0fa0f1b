package dev.orchard.http.multicast;

import dev.orchard.http.spi.ImageChunks;
import dev.orchard.http.spi.MulticastFallback;
import dev.orchard.http.spi.MulticastJoins;
import dev.orchard.http.spi.MulticastPort;
import dev.orchard.http.spi.MulticastSettings;
import dev.orchard.http.spi.MulticastStop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running multicast streams, one per image: a receiver's announcement starts its image's stream (when the
 * policy streams that image to that Mac) or keeps it going; a sweep every {@value #SWEEP_MILLIS} ms stops a
 * stream no receiver has announced itself to within its idle time, and forgets one that failed, so the next
 * announcement starts it afresh.
 * <p>Link safety: {@code rate_mbit} is the sender's <em>total</em>, shared equally by the running streams (two
 * images streamed at once never load the link more than one), and the total adapts to the loss receivers
 * report with their announcements ({@link AimdRate}, every {@value #ADAPT_MILLIS} ms, from the median
 * receiver's loss, {@link LossReports}).
 */
public final class MulticastStreams implements MulticastJoins, AutoCloseable {

    static final long SWEEP_MILLIS = 250;
    static final long ADAPT_MILLIS = 1_000;
    /** A report older than this no longer speaks for the path (receivers report every second, docs/agent-api.md). */
    static final long REPORT_MAX_AGE_NANOS = 3 * ADAPT_MILLIS * 1_000_000;

    private final MulticastPort port;
    private final Map<String, ImageStream> streams = new HashMap<>();
    private final ScheduledExecutorService sweeper;
    private final LossReports losses = new LossReports();
    private EventLoopGroup group;
    private AimdRate total;
    private boolean closed;

    public MulticastStreams(MulticastPort port) {
        this.port = port;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("multicast-sweep", true));
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        sweeper.scheduleWithFixedDelay(this::adapt, ADAPT_MILLIS, ADAPT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** An announcement that carries what the receiver saw since its previous one (the AIMD's input). */
    @Override
    public Optional<MulticastOffer> join(String mac, String image, long datagramsReceived, long datagramsMissed)
            throws IOException {
        Optional<MulticastOffer> offer = join(mac, image);
        if (offer.isPresent()) {
            losses.add(mac, datagramsReceived, datagramsMissed, System.nanoTime());
        }
        return offer;
    }

    @Override
    public Optional<MulticastOffer> join(String mac, String image) throws IOException {
        Optional<MulticastSettings> settings = port.settingsFor(mac, image);
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        ImageStream stream;
        synchronized (this) {
            if (closed) {
                throw new IOException("the server is shutting down");
            }
            stream = streams.get(image);
            if (stream == null || !stream.running()) {
                if (stream != null) {
                    stream.stop(MulticastStop.IMAGE_ERROR);
                }
                ImageChunks chunks = port.open(image);
                long cap = settings.get().rateBitsPerSecond();
                if (total == null) {
                    total = new AimdRate(cap);
                    port.metrics().rateChanged(cap);
                } else if (total.cap() != cap) {
                    total.cap(cap);
                }
                // the running streams give up their part first, so the sum never exceeds the total, even briefly
                long share = total.rate() / (runningCount() + 1);
                streams.values().forEach(s -> s.share(share));
                stream = ImageStream.start(image, settings.get(), chunks, eventLoop(), port.metrics(), share);
                streams.put(image, stream);
            }
            stream.announced();
        }
        port.metrics().receiverJoined();
        MulticastSettings s = stream.settings();
        // well within the idle stop, and at least once per AIMD interval: the announcements carry the loss reports
        long announce = Math.max(200, Math.min(ADAPT_MILLIS, s.idleStop().toMillis() / 3));
        return Optional.of(new MulticastOffer(s.group().getHostAddress(), s.port(), stream.manifest().sha256(),
                stream.manifest().chunks().size(), stream.manifest().chunkSize(), announce));
    }

    @Override
    public void report(String mac, String image, long multicastBytes, long repairBytes, MulticastFallback fallback) {
        port.metrics().receiverFinished(multicastBytes, repairBytes, fallback);
    }

    /** Images with a stream running now (tests, the admin's view). */
    public synchronized java.util.Set<String> running() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        streams.forEach((name, s) -> {
            if (s.running()) {
                names.add(name);
            }
        });
        return names;
    }

    /** The share of the sender's total rate each running stream has now, bit/s (tests, the admin's view). */
    public synchronized Map<String, Long> shares() {
        Map<String, Long> shares = new java.util.TreeMap<>();
        streams.forEach((name, s) -> {
            if (s.running()) {
                shares.put(name, s.share());
            }
        });
        return shares;
    }

    /** The sender's total rate now (all streams), bit/s; 0 before the first stream. */
    public synchronized long totalRate() {
        return total == null ? 0 : total.rate();
    }

    private int runningCount() {
        return (int) streams.values().stream().filter(ImageStream::running).count();
    }

    /** Gives each running stream an equal part of the total. Under this object's lock. */
    private void reshare() {
        int n = runningCount();
        if (total != null && n > 0) {
            long share = total.rate() / n;
            streams.values().forEach(s -> s.share(share));
        }
    }

    /** One AIMD interval: the median receiver's loss moves the total; the streams share it anew. */
    private void adapt() {
        double loss = losses.medianLoss(System.nanoTime(), REPORT_MAX_AGE_NANOS);
        long now;
        synchronized (this) {
            if (total == null || streams.isEmpty()) {
                return; // no stream: nothing measured, nothing to adapt; the next stream starts where this one was
            }
            long before = total.rate();
            now = total.interval(loss);
            reshare();
            if (now == before) {
                return;
            }
        }
        port.metrics().rateChanged(now);
    }

    private void sweep() {
        long now = System.nanoTime();
        java.util.List<ImageStream> idle = new java.util.ArrayList<>();
        java.util.List<ImageStream> failed = new java.util.ArrayList<>();
        synchronized (this) {
            for (Iterator<ImageStream> it = streams.values().iterator(); it.hasNext(); ) {
                ImageStream s = it.next();
                if (!s.running()) {
                    failed.add(s);
                    it.remove();
                } else if (s.idleSince(now)) {
                    idle.add(s);
                    it.remove();
                }
            }
            if (!idle.isEmpty() || !failed.isEmpty()) {
                reshare(); // the remaining streams take the part of those that stop
            }
        }
        idle.forEach(s -> s.stop(MulticastStop.IDLE));
        failed.forEach(s -> s.stop(MulticastStop.IMAGE_ERROR));
    }

    private EventLoopGroup eventLoop() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("multicast-send", true),
                    NioIoHandler.newFactory());
        }
        return group;
    }

    @Override
    public void close() {
        java.util.List<ImageStream> all;
        synchronized (this) {
            closed = true;
            all = java.util.List.copyOf(streams.values());
            streams.clear();
        }
        sweeper.shutdownNow();
        all.forEach(ImageStream::close);
        EventLoopGroup g;
        synchronized (this) {
            g = group;
        }
        if (g != null) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
