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
 */
public final class MulticastStreams implements MulticastJoins, AutoCloseable {

    static final long SWEEP_MILLIS = 250;

    private final MulticastPort port;
    private final Map<String, ImageStream> streams = new HashMap<>();
    private final ScheduledExecutorService sweeper;
    private EventLoopGroup group;
    private boolean closed;

    public MulticastStreams(MulticastPort port) {
        this.port = port;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("multicast-sweep", true));
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
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
                stream = ImageStream.start(image, settings.get(), chunks, eventLoop(), port.metrics());
                streams.put(image, stream);
            }
            stream.announced();
        }
        port.metrics().receiverJoined();
        MulticastSettings s = stream.settings();
        long announce = Math.max(200, s.idleStop().toMillis() / 3);
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
