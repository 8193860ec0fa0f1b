package dev.orchard.http.server;

import dev.orchard.http.api.ApiRouter;
import dev.orchard.http.files.MountTable;
import dev.orchard.http.files.OpenFileCache;
import dev.orchard.http.manifest.ManifestCache;
import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.multicast.MulticastStreams;
import dev.orchard.http.spi.AccessLogSink;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.MulticastJoins;
import dev.orchard.http.spi.MulticastPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Orchard's HTTP server: image and payload files (ranges, zero-copy), chunk manifests, the agent and admin
 * API, metrics and health. A plain listener always; an HTTPS listener when TLS is configured.
 * <pre>{@code
 * try (HttpImageServer server = HttpImageServer.start(
 *         HttpServerConfig.plain(new InetSocketAddress("0.0.0.0", 80),
 *                 List.of(Mount.of("/images", Path.of("/srv/orchard/images"), MountKind.IMAGES))),
 *         HttpPorts.standalone())) {
 *     ...
 * }
 * }</pre>
 */
public final class HttpImageServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpImageServer.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final IoWorkers io;
    private final ExecutorService hashing;
    private final ConnectionGate gate;
    private final OpenFileCache openFiles = new OpenFileCache(OpenFileCache.DEFAULT_VALIDITY, 1024);
    private final List<Channel> listeners = new ArrayList<>();
    private MulticastStreams multicast;

    private HttpImageServer(HttpServerConfig config, HttpPorts ports) {
        this.boss = Transport.group(1, "orchard-http-accept");
        this.workers = Transport.group(0, "orchard-http");
        this.io = new IoWorkers(config.ioThreads(), "orchard-http-io");
        this.hashing = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "orchard-http-manifest");
            t.setDaemon(true);
            return t;
        });
        this.gate = new ConnectionGate(config.limits().maxConnections(), config.limits().maxPerClient(),
                ports.metrics());
    }

    /**
     * Binds the listeners and returns the running server.
     *
     * @throws Exception when a listener cannot bind (see the cause: permission denied, address in use) or the
     *                   TLS material cannot be read
     */
    public static HttpImageServer start(HttpServerConfig config, HttpPorts ports) throws Exception {
        return start(config, ports, AccessLogSink.NONE);
    }

    /** As {@link #start(HttpServerConfig, HttpPorts)}, writing one access log entry per request to {@code accessLog}. */
    public static HttpImageServer start(HttpServerConfig config, HttpPorts ports, AccessLogSink accessLog)
            throws Exception {
        HttpImageServer server = new HttpImageServer(config, ports);
        try {
            server.bind(config, ports, accessLog);
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    private void bind(HttpServerConfig config, HttpPorts ports, AccessLogSink accessLog) throws Exception {
        MountTable mounts = new MountTable(config.mounts());
        if (ports.multicast() != MulticastPort.NONE) {
            multicast = new MulticastStreams(ports.multicast());
        }
        ApiRouter api = new ApiRouter(ports, config.adminToken(), io.executor(),
                multicast == null ? MulticastJoins.NONE : multicast);
        ManifestCache manifests = new ManifestCache(new ManifestStore(config.chunkSize()), hashing);
        FileRequestHandler files = new FileRequestHandler(io, openFiles, manifests, config.limits(), ports.metrics());
        listeners.add(listen(config.listen(), new HttpChannelInitializer(gate, null, config.limits(), mounts, api,
                config.apiOnPlain(), files, ports.metrics(), accessLog)));
        if (config.tls().isPresent()) {
            TlsSettings tls = config.tls().get();
            listeners.add(listen(tls.listen(), new HttpChannelInitializer(gate, tls.serverContext(), config.limits(),
                    mounts, api, true, files, ports.metrics(), accessLog)));
        }
        LOG.info("HTTP listening on {}{} ({} transport)", address(0),
                tlsAddress().map(a -> ", HTTPS on " + a).orElse(""), Transport.epoll() ? "epoll" : "nio");
    }

    private Channel listen(InetSocketAddress address, HttpChannelInitializer initializer) throws InterruptedException {
        return new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(address).sync().channel();
    }

    /** The bound plain listener (useful with port 0). */
    public InetSocketAddress address() {
        return address(0);
    }

    /** The bound HTTPS listener, when TLS is configured. */
    public Optional<InetSocketAddress> tlsAddress() {
        return listeners.size() > 1 ? Optional.of(address(1)) : Optional.empty();
    }

    /** Connections open right now. */
    public int openConnections() {
        return gate.open();
    }

    private InetSocketAddress address(int i) {
        return (InetSocketAddress) listeners.get(i).localAddress();
    }

    /** Stops accepting, lets in-flight writes end for up to two seconds, then closes everything. */
    @Override
    public void close() {
        for (Channel c : listeners) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        if (multicast != null) {
            multicast.close();
        }
        io.close();
        hashing.shutdownNow();
        openFiles.close();
    }
}
