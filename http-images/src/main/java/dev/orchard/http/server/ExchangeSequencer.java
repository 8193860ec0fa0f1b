package dev.orchard.http.server;

import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * One exchange at a time per connection. HTTP/1.1 pipelining lets a client send the next request before the
 * previous response is complete, and the decoder delivers it at once; responses must still leave in order
 * (RFC 9112 §9.3.2). Requests that arrive while one is being answered are queued here (bounded; reading
 * stops meanwhile) and released when the handler fires {@link #DONE}.
 */
final class ExchangeSequencer extends ChannelInboundHandlerAdapter {

    /** Fired (from the pipeline head) by the exchange when its response was completely written. */
    static final Object DONE = new Object() {
        @Override
        public String toString() {
            return "ExchangeDone";
        }
    };

    private final ArrayDeque<HttpObject> queue = new ArrayDeque<>();
    private final int maxQueuedRequests;
    private final RequestDeadline deadline;
    private final HttpMetrics metrics;
    private boolean busy;
    private boolean currentFullyReceived = true;
    private int queuedRequests;

    ExchangeSequencer(int maxQueuedRequests, RequestDeadline deadline, HttpMetrics metrics) {
        this.maxQueuedRequests = maxQueuedRequests;
        this.deadline = deadline;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject http)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean belongsToCurrent = !currentFullyReceived && queue.isEmpty();
        if (belongsToCurrent || !busy && queue.isEmpty()) {
            forward(ctx, http);
            return;
        }
        if (http instanceof HttpRequest && ++queuedRequests > maxQueuedRequests) {
            ReferenceCountUtil.release(msg);
            metrics.requestRejected(RejectReason.PIPELINE_TOO_DEEP);
            ctx.close();
            return;
        }
        queue.add(http);
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt != DONE) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        busy = false;
        deadline.responseFinished();
        drain(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseQueue();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueue();
    }

    private void drain(ChannelHandlerContext ctx) {
        // forward queued messages until a queued request has been forwarded and is being answered
        while (!queue.isEmpty()) {
            HttpObject next = queue.peek();
            if (next instanceof HttpRequest) {
                if (busy) {
                    break;
                }
                queuedRequests--;
            }
            queue.poll();
            forward(ctx, next);
        }
        if (queue.isEmpty() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    private void forward(ChannelHandlerContext ctx, HttpObject http) {
        if (http instanceof HttpRequest) {
            busy = true;
            currentFullyReceived = false;
            deadline.responseStarted();
        }
        if (http instanceof LastHttpContent) {
            currentFullyReceived = true;
        }
        ctx.fireChannelRead(http);
    }

    private void releaseQueue() {
        while (!queue.isEmpty()) {
            ReferenceCountUtil.release(queue.poll());
        }
    }
}
