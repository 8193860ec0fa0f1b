package dev.orchard.http.multicast;

import dev.orchard.http.spi.ImageChunks;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.MulticastMetrics;
import dev.orchard.http.spi.MulticastSettings;
import dev.orchard.http.spi.MulticastStop;
import dev.orchard.multicast.wire.ChunkDatagram;
import dev.orchard.multicast.wire.ImageHash;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;

/**
 * One image looped to its group: every chunk of the manifest in order, cut into datagrams that fit a 1500-byte
 * MTU ({@link ChunkDatagram}), paced by a {@link TokenBucket} at its share of the sender's total rate (IP and UDP
 * headers counted, as a shaper counts them; {@link MulticastStreams} sets the share), then from the first chunk again with the next pass number, until
 * stopped. Reads and pacing run on the stream's own thread; Netty's event loop does the sends, and the thread
 * waits while the channel's outbound buffer is above its high-water mark, so memory stays flat.
 */
final class ImageStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImageStream.class);
    /** IPv4 (RFC 791) and UDP (RFC 768) headers: what a link carries beyond the datagram. */
    private static final int IP_UDP_HEADERS = 28;
    private static final int FLUSH_EVERY = 32;

    private final String image;
    private final MulticastSettings settings;
    private final ImageChunks chunks;
    private final ImageManifest manifest;
    private final ImageHash hash;
    private final DatagramChannel channel;
    private final MulticastMetrics metrics;
    private final Thread thread;
    private final TokenBucket bucket;
    private volatile long lastAnnounceNanos;
    private volatile boolean stopped;

    private ImageStream(String image, MulticastSettings settings, ImageChunks chunks, DatagramChannel channel,
                        MulticastMetrics metrics, long shareBitsPerSecond) {
        this.image = image;
        this.settings = settings;
        this.chunks = chunks;
        this.manifest = chunks.manifest();
        this.hash = ImageHash.parse(manifest.sha256());
        this.channel = channel;
        this.metrics = metrics;
        this.lastAnnounceNanos = System.nanoTime();
        this.bucket = TokenBucket.realTime(shareBitsPerSecond / 8, 8L * (ChunkDatagram.MAX_DATAGRAM + IP_UDP_HEADERS));
        this.thread = new Thread(this::loop, "multicast-" + image);
        this.thread.setDaemon(true);
    }

    /**
     * Binds a datagram channel for {@code settings} and starts looping at {@code shareBitsPerSecond}; on failure
     * {@code chunks} is closed.
     */
    static ImageStream start(String image, MulticastSettings settings, ImageChunks chunks, EventLoopGroup group,
                             MulticastMetrics metrics, long shareBitsPerSecond) throws IOException {
        try {
            Bootstrap b = new Bootstrap().group(group)
                    .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
                    .option(ChannelOption.IP_MULTICAST_TTL, settings.ttl())
                    // receivers on this host (the lab, tests on loopback) get the stream too
                    .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            io.netty.util.ReferenceCountUtil.release(msg); // a sender expects nothing back
                        }
                    });
            if (settings.source() != null) {
                NetworkInterface nic = NetworkInterface.getByInetAddress(settings.source());
                if (nic == null) {
                    throw new SocketException("no interface has the multicast source address " + settings.source().getHostAddress());
                }
                b.option(ChannelOption.IP_MULTICAST_IF, nic);
            }
            InetSocketAddress local = new InetSocketAddress(settings.source(), 0);
            DatagramChannel channel = (DatagramChannel) b.bind(local).syncUninterruptibly().channel();
            ImageStream stream = new ImageStream(image, settings, chunks, channel, metrics, shareBitsPerSecond);
            stream.thread.start();
            metrics.streamStarted();
            LOG.info("multicast stream of {} ({} chunks, sha256 {}) to {}:{} at {} Mbit/s (its share of the sender's "
                            + "{} Mbit/s cap), ttl {}", image, stream.manifest.chunks().size(), stream.hash,
                    settings.group().getHostAddress(), settings.port(), shareBitsPerSecond / 1_000_000,
                    settings.rateBitsPerSecond() / 1_000_000, settings.ttl());
            return stream;
        } catch (RuntimeException | IOException e) {
            chunks.close();
            throw e instanceof IOException io ? io : new IOException("cannot start the multicast stream of " + image + ": " + e, e);
        }
    }

    String image() {
        return image;
    }

    MulticastSettings settings() {
        return settings;
    }

    ImageManifest manifest() {
        return manifest;
    }

    /** This stream's share of the sender's total rate, from now on. */
    void share(long bitsPerSecond) {
        bucket.rate(Math.max(1, bitsPerSecond / 8));
    }

    /** Its share now, bit/s. */
    long share() {
        return bucket.rate() * 8;
    }

    void announced() {
        lastAnnounceNanos = System.nanoTime();
    }

    boolean idleSince(long nowNanos) {
        return nowNanos - lastAnnounceNanos > settings.idleStop().toNanos();
    }

    boolean running() {
        return !stopped && thread.isAlive();
    }

    private void loop() {
        InetSocketAddress to = new InetSocketAddress(settings.group(), settings.port());
        ByteBuffer chunk = ByteBuffer.allocate(manifest.chunkSize());
        int count = manifest.chunks().size();
        int unflushed = 0;
        try {
            for (int pass = 0; !stopped && count > 0; pass = pass == Integer.MAX_VALUE ? 0 : pass + 1) {
                for (int i = 0; i < count && !stopped; i++) {
                    var c = manifest.chunks().get(i);
                    readFully(chunk, c.offset(), (int) c.length());
                    for (int at = 0; at < c.length() && !stopped; at += ChunkDatagram.MAX_PAYLOAD) {
                        byte[] payload = new byte[(int) Math.min(ChunkDatagram.MAX_PAYLOAD, c.length() - at)];
                        chunk.get(at, payload);
                        byte[] wire = new ChunkDatagram(hash, count, i, at, pass, payload).encode();
                        bucket.take(wire.length + IP_UDP_HEADERS);
                        while (!channel.isWritable() && channel.isActive()) {
                            channel.flush();
                            Thread.sleep(1);
                        }
                        if (!channel.isActive()) {
                            return;
                        }
                        channel.write(new DatagramPacket(Unpooled.wrappedBuffer(wire), to));
                        metrics.bytesSent(wire.length);
                        if (++unflushed == FLUSH_EVERY) {
                            channel.flush();
                            unflushed = 0;
                        }
                    }
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                LOG.warn("multicast stream of {} stopped: {}", image, e.toString());
                stopped = true;
                metrics.streamStopped(MulticastStop.IMAGE_ERROR); // the registry's sweep closes it
            }
        } finally {
            channel.flush();
        }
    }

    private void readFully(ByteBuffer chunk, long offset, int length) throws IOException {
        chunk.clear().limit(length);
        while (chunk.hasRemaining()) {
            if (chunks.read(chunk, offset + chunk.position()) < 0) {
                throw new IOException("the image ended at " + (offset + chunk.position()) + ", its manifest says "
                        + manifest.size() + " bytes; it changed since");
            }
        }
    }

    /** Stops the loop, waits for its thread and closes the channel and the image. */
    void stop(MulticastStop why) {
        boolean first = !stopped;
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close().syncUninterruptibly();
        try {
            chunks.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", image, e.toString());
        }
        if (first) {
            metrics.streamStopped(why);
            LOG.info("multicast stream of {} stopped ({})", image, why.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Override
    public void close() {
        stop(MulticastStop.SHUTDOWN);
    }
}
