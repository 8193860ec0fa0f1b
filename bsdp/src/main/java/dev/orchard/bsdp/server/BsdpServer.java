package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.spi.BindingStore;
import dev.orchard.bsdp.spi.BootPolicy;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.transport.UdpTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The BSDP service: one UDP socket (0.0.0.0:67 by default, so it receives the Macs' broadcasts), one
 * event-loop thread, and a small worker pool for the policy. Pipeline, one handler per concern:
 * {@link DhcpDatagramDecoder} → {@link BsdpRequestHandler} (classify, offload, answer) ← {@link DhcpDatagramEncoder}.
 *
 * <pre>{@code
 * try (BsdpServer server = BsdpServer.start(config, liveCatalog, new CatalogBootPolicy(),
 *         new InMemoryBindingStore(), NoOpBsdpMetrics.INSTANCE)) {
 *     ...
 * }
 * }</pre>
 */
public final class BsdpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BsdpServer.class);
    /** Larger than any DHCP request on a 1500-byte Ethernet; larger datagrams are cut and dropped as malformed. */
    private static final int MAX_REQUEST = 4096;

    private final EventLoopGroup group;
    private final ThreadPoolExecutor workers;
    private final Channel channel;

    private BsdpServer(EventLoopGroup group, ThreadPoolExecutor workers, Channel channel) {
        this.group = group;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds and starts serving.
     *
     * @throws io.netty.channel.ChannelException or a {@link java.net.SocketException} subclass when the
     *         port cannot be bound (in use, or privileged without root); nothing is left running then
     */
    public static BsdpServer start(BsdpServerConfig config, Supplier<NbiCatalog> catalog, BootPolicy policy,
                                   BindingStore bindings, BsdpMetrics metrics) throws InterruptedException {
        // one route cache for both: the announced address (unless fixed) and the served-interface check
        RoutingAddressResolver routes = new RoutingAddressResolver();
        ServerAddressResolver addresses = addressResolver(config, routes);
        RequestClassifier classifier = new RequestClassifier(config, metrics);
        BsdpResponder responder = new BsdpResponder(config, catalog, policy, bindings, addresses, metrics,
                InterfaceScope.of(config.answerOnInterfaces(), routes));
        ThreadPoolExecutor workers = workerPool(config);
        // the policy and binding store may block, so answers run on workers unless declared non-blocking
        java.util.concurrent.Executor answering = config.answerOnEventLoop() ? Runnable::run : workers;
        BsdpRequestHandler handler = new BsdpRequestHandler(classifier, responder, answering, metrics);
        DhcpDatagramDecoder decoder = new DhcpDatagramDecoder(metrics);
        DhcpDatagramEncoder encoder = new DhcpDatagramEncoder();
        EventLoopGroup group = UdpTransport.group(1, "bsdp-io", false);
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channelFactory(UdpTransport.ipv4Channels())
                    .option(ChannelOption.SO_BROADCAST, true)
                    .option(ChannelOption.SO_RCVBUF, config.receiveBufferBytes())
                    .option(ChannelOption.SO_SNDBUF, config.receiveBufferBytes());
            Channel ch = UdpTransport.receiveBuffers(bootstrap, MAX_REQUEST)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel c) {
                            c.pipeline().addLast("decoder", decoder).addLast("encoder", encoder)
                                    .addLast("bsdp", handler);
                        }
                    })
                    .bind(new InetSocketAddress(config.bindAddress(), config.port())).sync().channel();
            LOG.info("BSDP listening on {} ({}, server identifier {})", ch.localAddress(),
                    UdpTransport.epoll() ? "epoll" : "nio", config.advertiseAddress()
                            .map(Inet4Address::getHostAddress).orElse("per route to each Mac"));
            return new BsdpServer(group, workers, ch);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownNow();
            throw e;
        }
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops receiving, lets queued requests finish for up to two seconds, then releases the socket. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        LOG.info("BSDP stopped");
    }

    private static ServerAddressResolver addressResolver(BsdpServerConfig config, RoutingAddressResolver routes) {
        if (config.advertiseAddress().isPresent()) {
            return ServerAddressResolver.fixed(config.advertiseAddress().get());
        }
        if (config.bindAddress() instanceof Inet4Address bound && !Ipv4.isZero(bound)) {
            return ServerAddressResolver.fixed(bound);
        }
        return routes;
    }

    private static ThreadPoolExecutor workerPool(BsdpServerConfig config) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.workerQueue()), r -> {
                    Thread t = new Thread(r, "bsdp-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }
}
