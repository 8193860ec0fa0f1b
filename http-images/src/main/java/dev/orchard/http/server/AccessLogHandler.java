package dev.orchard.http.server;

import dev.orchard.http.spi.AccessLogEntry;
import dev.orchard.http.spi.AccessLogSink;
import dev.orchard.http.spi.RouteClass;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * The access log: one {@link AccessLogEntry} per request, handed to the sink when the last write of its response
 * completed (a failed last write, or the connection closing before it, makes the entry {@code aborted}). Sits
 * after the {@link ExchangeSequencer}, so it sees one request at a time, in order, and every write of the
 * response on its way out; body bytes are counted when the kernel took them (a write's promise succeeded), so an
 * aborted transfer logs what was really sent. Interim {@code 100 Continue} responses are not requests' answers
 * and are not logged. The route class comes from the {@link Exchange} (channel attribute {@link #ROUTE}).
 */
final class AccessLogHandler extends ChannelDuplexHandler {

    /** Set by the exchange when it knows the route class of the current request. */
    static final AttributeKey<RouteClass> ROUTE = AttributeKey.valueOf("orchard.accessLog.route");

    private final AccessLogSink sink;
    private Pending current;

    AccessLogHandler(AccessLogSink sink) {
        this.sink = sink;
    }

    /** The request being answered; mutable, event loop only. */
    private static final class Pending {
        final Instant start = Instant.now();
        final long startNanos = System.nanoTime();
        final String method;
        final String target;
        final String protocol;
        final String userAgent;
        final String referer;
        int status;
        long bytes;
        boolean done;

        Pending(HttpRequest r) {
            method = r.method().name();
            target = AccessLogTarget.printable(r.uri());
            protocol = r.protocolVersion().text();
            userAgent = r.headers().get(HttpHeaderNames.USER_AGENT);
            referer = r.headers().get(HttpHeaderNames.REFERER);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            if (current != null && !current.done) {
                finish(ctx, current, true); // cannot happen behind the sequencer; never lose a line if it does
            }
            current = new Pending(request);
            ctx.channel().attr(ROUTE).set(RouteClass.OTHER);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Pending p = current;
        if (p == null || p.done) {
            ctx.write(msg, promise);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise); // 100 Continue: the real answer follows
                return;
            }
            p.status = response.status().code();
        }
        long size = bodyBytes(msg);
        boolean last = msg instanceof LastHttpContent;
        if (promise.isVoid()) {
            p.bytes += size;
            ctx.write(msg, promise);
            if (last) {
                finish(ctx, p, false);
            }
            return;
        }
        promise.addListener(f -> {
            if (f.isSuccess()) {
                p.bytes += size;
            }
            if (last || !f.isSuccess()) {
                finish(ctx, p, !f.isSuccess());
            }
        });
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null && !current.done) {
            finish(ctx, current, true);
        }
        super.channelInactive(ctx);
    }

    private void finish(ChannelHandlerContext ctx, Pending p, boolean aborted) {
        if (p.done) {
            return;
        }
        p.done = true;
        RouteClass route = ctx.channel().attr(ROUTE).get();
        sink.log(new AccessLogEntry(p.start, p.method, p.target, p.protocol, p.status, p.bytes,
                System.nanoTime() - p.startNanos, remote(ctx.channel().remoteAddress()), p.userAgent, p.referer,
                route == null ? RouteClass.OTHER : route, aborted));
    }

    private static long bodyBytes(Object msg) {
        if (msg instanceof FileRegion region) {
            return region.count();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        return 0;
    }

    private static String remote(SocketAddress a) {
        if (a instanceof InetSocketAddress in) {
            return (in.getAddress() == null ? in.getHostString() : in.getAddress().getHostAddress()) + ":" + in.getPort();
        }
        return String.valueOf(a);
    }
}
