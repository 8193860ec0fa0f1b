package dev.orchard.http.server;

import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.RouteClass;
import dev.orchard.http.spi.StatusClass;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Right after the HTTP decoder: answers requests the decoder could not parse (400, 414 for a too long request
 * line, 431 for too large headers) and closes the connection, since the decoder discards the rest of it;
 * closes connections that were idle too long; and tells the {@link RequestDeadline} when a request has fully
 * arrived.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);

    private final RequestDeadline deadline;
    private final HttpMetrics metrics;
    private boolean broken;

    RequestGuard(RequestDeadline deadline, HttpMetrics metrics) {
        this.deadline = deadline;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (broken) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
            broken = true;
            DecoderResult result = http.decoderResult();
            ReferenceCountUtil.release(msg);
            refuse(ctx, result.cause());
            return;
        }
        if (msg instanceof LastHttpContent) {
            deadline.requestReceived();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            metrics.requestRejected(RejectReason.IDLE_TIMEOUT);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset by the peer is routine for a file server (clients cancel downloads); anything else is worth a line
        if (cause instanceof java.io.IOException) {
            LOG.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status;
        RejectReason reason;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            reason = RejectReason.URI_TOO_LONG;
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            reason = RejectReason.HEADERS_TOO_LARGE;
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            reason = RejectReason.MALFORMED_REQUEST;
        }
        metrics.requestRejected(reason);
        metrics.requestCompleted(RouteClass.OTHER, StatusClass.of(status.code()));
        LOG.debug("malformed request from {}: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(status + "\n", StandardCharsets.US_ASCII));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
