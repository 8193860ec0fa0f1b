package dev.orchard.tftp.server;

import dev.orchard.tftp.spi.TftpFileSource;
import dev.orchard.tftp.spi.TftpMetrics;
import dev.orchard.tftp.transport.UdpTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-only TFTP server: one listener, and one channel per transfer, spread round robin over
 * {@link TftpServerConfig#transferThreads()} event loops (one per core by default; the listener shares the
 * first). Each transfer stays on its loop for its whole life.
 *
 * <pre>{@code
 * TftpFileSource files = RootedFileSource.builder(Path.of("/srv/nbi")).build();
 * try (TftpServer server = TftpServer.start(TftpServerConfig.defaults(), files, NoOpTftpMetrics.INSTANCE)) {
 *     ... server.localAddress() ...
 * }
 * }</pre>
 */
public final class TftpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TftpServer.class);
    /** Requests are at most 512 octets (RFC 2347); a larger buffer lets the decoder see the excess. */
    private static final int LISTENER_RECEIVE_BUFFER = 1024;

    private final EventLoopGroup group;
    private final Channel listener;
    private final ChannelGroup transfers;
    private final ThreadPoolExecutor resolver;
    private final TransferCounters counters;
    private final SegmentationOffload segmentation;

    private TftpServer(EventLoopGroup group, Channel listener, ChannelGroup transfers, ThreadPoolExecutor resolver,
                       TransferCounters counters, SegmentationOffload segmentation) {
        this.segmentation = segmentation;
        this.group = group;
        this.listener = listener;
        this.transfers = transfers;
        this.resolver = resolver;
        this.counters = counters;
    }

    /** Binds and starts serving; throws the bind failure (port in use, needs root) as an IOException. */
    public static TftpServer start(TftpServerConfig config, TftpFileSource files, TftpMetrics metrics)
            throws IOException {
        EventLoopGroup group = UdpTransport.newGroup(config.transferThreads(), "tftp", false);
        ThreadPoolExecutor resolver = newResolver(config.maxTransfers());
        ChannelGroup transfers = new DefaultChannelGroup("tftp-transfers", GlobalEventExecutor.INSTANCE);
        TransferCounters counters = new TransferCounters();
        TftpMetrics guarded = new GuardedMetrics(metrics);
        SegmentationOffload segmentation = new SegmentationOffload(config.segmentationOffload());
        TransferLauncher launcher = new TransferLauncher(config, guarded, counters, transfers, group, segmentation);
        ChannelFuture bound = new Bootstrap()
                .group(group)
                .channel(UdpTransport.channelClass())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(LISTENER_RECEIVE_BUFFER))
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .handler(new RequestHandler(config, files, guarded, resolver, launcher))
                .bind(config.bindAddress())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            resolver.shutdownNow();
            Throwable cause = bound.cause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
        log.info("TFTP listening on {} ({}, {} transfer threads, UDP GSO {}, blksize ≤ {}, windowsize ≤ {})",
                bound.channel().localAddress(), UdpTransport.nativeEpoll() ? "epoll" : "nio", config.transferThreads(),
                segmentation.enabled() ? "on" : "off", config.maxBlockSize(), config.maxWindowSize());
        return new TftpServer(group, bound.channel(), transfers, resolver, counters, segmentation);
    }

    private static ThreadPoolExecutor newResolver(int queue) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(64, queue)), r -> {
                    Thread t = new Thread(r, "tftp-open-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The bound listener address (with the real port when 0 was asked). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Transfers running now. */
    public int activeTransfers() {
        return counters.activeTransfers();
    }

    /**
     * Whether windows currently go out as UDP GSO trains: configured, supported by the transport, and not
     * refused by the kernel since the start (a refusal switches it off for good, see the log).
     */
    public boolean segmentationOffloadActive() {
        return segmentation.enabled();
    }

    /** Server-wide counters (duplicate ACKs, retransmits, DATA sent for duplicate ACKs). */
    public TransferCounters counters() {
        return counters;
    }

    /** Stops listening, ends every transfer (each frees its file and slot), and stops the threads. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        transfers.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        resolver.shutdownNow();
        log.info("TFTP server on {} stopped", listener.localAddress());
    }
}
