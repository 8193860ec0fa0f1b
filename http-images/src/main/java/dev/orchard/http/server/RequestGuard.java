package dev.orchard.http.server;

import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after the HTTP decoder: lets a request the decoder could not parse go on, in its turn, to the
 * {@link RequestRouter} (which answers it with 400, 414 or 431 and closes, since the decoder discards the rest
 * of the connection) and drops anything after it; closes connections that were idle too long; and tells the
 * {@link RequestDeadline} when a request has fully arrived.
 * <p>The refusal must not be written from here: a pipelined client may still be owed the answers to the
 * requests before the bad one (RFC 9112 §9.3.2), and a refusal written at once would overtake them — read
 * as the answer to an earlier request, or cutting a file body short.
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
            LOG.debug("malformed request from {}: {}", ctx.channel().remoteAddress(),
                    String.valueOf(http.decoderResult().cause()));
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

    /** The answer to a request the decoder could not parse, and the metrics reason. */
    record Refusal(HttpResponseStatus status, RejectReason reason) {

        static Refusal of(Throwable cause) {
            if (cause instanceof RequestFraming.BadFramingException framing) {
                return new Refusal(framing.status(), RejectReason.BAD_FRAMING);
            }
            if (cause instanceof TooLongHttpLineException) {
                return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, RejectReason.URI_TOO_LONG);
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, RejectReason.HEADERS_TOO_LARGE);
            }
            return new Refusal(HttpResponseStatus.BAD_REQUEST, RejectReason.MALFORMED_REQUEST);
        }
    }
}
