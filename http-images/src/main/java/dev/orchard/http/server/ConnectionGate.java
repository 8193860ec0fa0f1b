package dev.orchard.http.server;

import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps connections in total and per client address, first in every child pipeline: a refused connection is
 * closed before any byte is read. Shared by all channels of a server.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("orchard.http.counted");

    private final int maxTotal;
    private final int maxPerClient;
    private final HttpMetrics metrics;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    ConnectionGate(int maxTotal, int maxPerClient, HttpMetrics metrics) {
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            refuse(ctx, RejectReason.TOO_MANY_CONNECTIONS, client);
            return;
        }
        // counted inside compute() so a concurrent release can never drop a live count
        int mine = perClient.merge(client, 1, Integer::sum);
        if (mine > maxPerClient) {
            release(client);
            total.decrementAndGet();
            refuse(ctx, RejectReason.TOO_MANY_CONNECTIONS_FROM_CLIENT, client);
            return;
        }
        ctx.channel().attr(COUNTED).set(client);
        metrics.connectionOpened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress client = ctx.channel().attr(COUNTED).getAndSet(null);
        if (client != null) {
            release(client);
            total.decrementAndGet();
            metrics.connectionClosed();
        }
        super.channelInactive(ctx);
    }

    /** Open connections now (for tests and the log). */
    int open() {
        return total.get();
    }

    private void release(InetAddress client) {
        perClient.computeIfPresent(client, (a, n) -> n <= 1 ? null : n - 1);
    }

    private void refuse(ChannelHandlerContext ctx, RejectReason reason, InetAddress client) {
        metrics.requestRejected(reason);
        LOG.debug("refusing a connection from {}: {}", client.getHostAddress(), reason);
        ctx.close();
    }
}
