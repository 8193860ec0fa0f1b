package dev.orchard.http.server;

import dev.orchard.http.files.HttpDates;
import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RouteClass;
import dev.orchard.http.spi.StatusClass;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One request/response on a connection: stamps the common headers, and when the response is done records
 * its metrics and either closes the connection (lingering, {@link LingeringClose}) or lets the {@link ExchangeSequencer} release the next
 * request. Used on the channel's event loop only.
 */
final class Exchange {

    private static volatile CachedDate cachedDate = new CachedDate(0, "");

    private final ChannelHandlerContext ctx;
    private final HttpMethod method;
    private final boolean keepAlive;
    private final HttpMetrics metrics;
    private RouteClass route = RouteClass.OTHER;
    private boolean finished;
    private boolean completed;
    private boolean closeWhenDone;

    Exchange(ChannelHandlerContext ctx, HttpRequest request, HttpMetrics metrics) {
        this.ctx = ctx;
        this.method = request.method();
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.metrics = metrics;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    HttpMethod method() {
        return method;
    }

    boolean isHead() {
        return HttpMethod.HEAD.equals(method);
    }

    RouteClass route() {
        return route;
    }

    void route(RouteClass r) {
        this.route = r;
        ctx.channel().attr(AccessLogHandler.ROUTE).set(r);
    }

    boolean finished() {
        return finished;
    }

    /** Adds Date, Server and the connection header matching our keep-alive decision. */
    HttpResponse stamp(HttpResponse response) {
        response.headers().set(HttpHeaderNames.SERVER, "orchard")
                .set(HttpHeaderNames.DATE, date());
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    /** Sends a complete response and finishes the exchange. */
    void send(FullHttpResponse response) {
        stamp(response);
        finish(response.status().code(), ctx.writeAndFlush(response));
    }

    /** A short plain-text error response (file routes; the API sends JSON). */
    static FullHttpResponse plainError(HttpResponseStatus status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(status + "\n", StandardCharsets.US_ASCII));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    /** Sends a complete response, then closes the connection (the rest of the request is not read). */
    void sendClosing(FullHttpResponse response) {
        stamp(response);
        HttpUtil.setKeepAlive(response, false);
        finish(response.status().code(), ctx.writeAndFlush(response), true);
    }

    /**
     * Closes the connection once this response has been completely written (at once if it already was),
     * instead of releasing the next request: used when nothing after this request can be parsed. The close
     * lingers ({@link LingeringClose}) unless the write failed.
     */
    void closeWhenDone() {
        closeWhenDone = true;
        if (completed && ctx.channel().isActive()) {
            LingeringClose.closeAfterResponse(ctx);
        }
    }

    /** Records the outcome once {@code last} (the last write of the response) completes. */
    void finish(int status, ChannelFuture last) {
        finish(status, last, false);
    }

    private void finish(int status, ChannelFuture last, boolean close) {
        if (finished) {
            return;
        }
        finished = true;
        last.addListener(f -> {
            completed = true;
            metrics.requestCompleted(route, StatusClass.of(status));
            if (!f.isSuccess()) {
                ctx.close();
            } else if (!keepAlive || close || closeWhenDone) {
                // the client may still be sending (a body we will not read, pipelined requests): see LingeringClose
                LingeringClose.closeAfterResponse(ctx);
            } else {
                ctx.pipeline().fireUserEventTriggered(ExchangeSequencer.DONE);
            }
        });
    }

    /** The response cannot be completed (headers already sent): the only honest signal left is closing. */
    void abort(int status) {
        if (finished) {
            return;
        }
        finished = true;
        metrics.requestCompleted(route, StatusClass.of(status));
        ctx.close();
    }

    private static String date() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate c = cachedDate;
        if (c.second != second) {
            c = new CachedDate(second, HttpDates.format(Instant.ofEpochSecond(second)));
            cachedDate = c;
        }
        return c.text;
    }

    private record CachedDate(long second, String text) {
    }
}
