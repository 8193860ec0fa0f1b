package dev.orchard.http.server;

import dev.orchard.http.spi.HttpMetrics;
import dev.orchard.http.spi.RejectReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Slowloris defence: once the first byte of a request arrives, the whole request (line, headers and any
 * body) must arrive within the deadline, or the connection is closed. An idle timeout alone cannot do this,
 * since a client trickling one byte every few seconds is never idle.
 * <p>Sits before the HTTP decoder (it sees raw bytes); {@link RequestGuard}, after the decoder, calls
 * {@link #requestReceived()} when the request's last part was decoded and the sequencer tells it when a
 * response finished. No deadline runs while a response is being sent.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

    private final long timeoutNanos;
    private final HttpMetrics metrics;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean bytesPending;
    private boolean responding;

    RequestDeadline(Duration timeout, HttpMetrics metrics) {
        this.timeoutNanos = timeout.toNanos();
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            bytesPending = true;
            if (!responding) {
                arm();
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    /** The last part of a request was decoded: its deadline is met. */
    void requestReceived() {
        bytesPending = false;
        cancel();
    }

    /** A response started: never cut a connection for slowness while we are the ones talking. */
    void responseStarted() {
        responding = true;
        cancel();
    }

    /** A response finished; bytes of a next request already read start its deadline now. */
    void responseFinished() {
        responding = false;
        if (bytesPending) {
            arm();
        }
    }

    private void arm() {
        if (timer == null) {
            timer = ctx.executor().schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire() {
        timer = null;
        if (ctx.channel().isActive()) {
            metrics.requestRejected(RejectReason.HEADER_TIMEOUT);
            ctx.close();
        }
    }
}
