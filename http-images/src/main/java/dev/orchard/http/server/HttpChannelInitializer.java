package dev.orchard.http.server;

import dev.orchard.http.api.ApiRouter;
import dev.orchard.http.files.MountTable;
import dev.orchard.http.spi.AccessLogSink;
import dev.orchard.http.spi.HttpMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * One handler per concern, in this order:
 * {@code ConnectionGate → LingeringClose → [SslHandler] → RequestDeadline → HttpServerCodec → RequestFraming → IdleStateHandler →
 * RequestGuard → ExchangeSequencer → [AccessLogHandler] → RequestRouter}.
 */
final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final ConnectionGate gate;
    private final SslContext ssl;
    private final ServerLimits limits;
    private final MountTable mounts;
    private final ApiRouter api;
    private final boolean apiHere;
    private final FileRequestHandler files;
    private final HttpMetrics metrics;
    private final AccessLogSink accessLog;

    HttpChannelInitializer(ConnectionGate gate, SslContext ssl, ServerLimits limits, MountTable mounts, ApiRouter api,
                           boolean apiHere, FileRequestHandler files, HttpMetrics metrics) {
        this(gate, ssl, limits, mounts, api, apiHere, files, metrics, AccessLogSink.NONE);
    }

    HttpChannelInitializer(ConnectionGate gate, SslContext ssl, ServerLimits limits, MountTable mounts, ApiRouter api,
                           boolean apiHere, FileRequestHandler files, HttpMetrics metrics, AccessLogSink accessLog) {
        this.accessLog = accessLog;
        this.gate = gate;
        this.ssl = ssl;
        this.limits = limits;
        this.mounts = mounts;
        this.api = api;
        this.apiHere = apiHere;
        this.files = files;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("gate", gate);
        p.addLast("linger", new LingeringClose(limits.linger()));
        if (ssl != null) {
            p.addLast("tls", ssl.newHandler(ch.alloc()));
        }
        RequestDeadline deadline = new RequestDeadline(limits.headerTimeout(), metrics);
        p.addLast("deadline", deadline);
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxUriLength())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(64 * 1024)));
        p.addLast("framing", RequestFraming.INSTANCE);
        // observeOutput: a slow reader that still makes progress is not idle; one that stopped is
        p.addLast("idle", new IdleStateHandler(true, 0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("guard", new RequestGuard(deadline, metrics));
        p.addLast("sequencer", new ExchangeSequencer(limits.maxPipelinedRequests(), deadline, metrics));
        if (accessLog != AccessLogSink.NONE) {
            p.addLast("access-log", new AccessLogHandler(accessLog));
        }
        p.addLast("router", new RequestRouter(mounts, api, apiHere, ssl == null, files, limits.maxBodyBytes(), metrics));
    }
}
