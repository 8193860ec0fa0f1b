package dev.orchard.http.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The lingering close of RFC 9112 §9.6. When the server ends a connection after an answer (a refused or
 * malformed request, an API body it will not read, {@code Connection: close}), the client may still be
 * sending: closing at once makes the kernel answer those unread bytes with a reset, and a reset discards
 * whatever the client had not read yet — the refusal itself and earlier pipelined answers. So instead, once
 * the last answer is written, the server shuts down its sending side (the client reads the answer, then an
 * end of stream) and discards what arrives, then closes at the client's end of stream (Netty closes the
 * channel at EOF, half-closure not being allowed), after {@link ServerLimits.Linger#quiet()} without a byte,
 * after {@link ServerLimits.Linger#total()} at the latest, or past {@link ServerLimits.Linger#maxBytes()}: no
 * client can keep a connection by trickling.
 * <p>Sits first after the connection gate, before TLS and the HTTP decoder, and passes everything through
 * until {@link #closeAfterResponse} starts it; then the bytes stop here, so the decoders parse nothing more
 * and create no objects. The connection stays counted by the gate until it is really closed.
 * <p>Closes without an answer in flight do not linger: an idle or slow-request timeout (the client was
 * silent, nothing is unread worth protecting), a failed or cut write (the close is the signal), a connection
 * refused by the gate, and the server's shutdown.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(LingeringClose.class);

    private final ServerLimits.Linger limits;
    private ChannelHandlerContext ctx;
    private boolean lingering;
    private long startedNanos;
    private long lastReadNanos;
    private long discarded;
    private ScheduledFuture<?> timer;

    LingeringClose(ServerLimits.Linger limits) {
        this.limits = limits;
    }

    /**
     * Ends the connection of {@code anyCtx} after an answer that was completely written: lingering when the
     * pipeline has this handler and the channel can half-close, at once otherwise.
     */
    static void closeAfterResponse(ChannelHandlerContext anyCtx) {
        LingeringClose linger = anyCtx.pipeline().get(LingeringClose.class);
        if (linger == null || !(anyCtx.channel() instanceof DuplexChannel) || !anyCtx.channel().isActive()) {
            anyCtx.close();
            return;
        }
        linger.begin();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!lingering) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            discarded += buf.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        lastReadNanos = System.nanoTime();
        if (discarded > limits.maxBytes()) {
            LOG.debug("{} sent over {} bytes after its last answer: closing", ctx.channel().remoteAddress(),
                    limits.maxBytes());
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!lingering) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void begin() {
        if (lingering) {
            return;
        }
        lingering = true;
        startedNanos = System.nanoTime();
        lastReadNanos = startedNanos;
        // the idle timeout would count a rejection; the lingering has its own, shorter clocks
        IdleStateHandler idle = ctx.pipeline().get(IdleStateHandler.class);
        if (idle != null) {
            ctx.pipeline().remove(idle);
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        ChannelFuture notified = tls != null ? tls.closeOutbound() : ctx.newSucceededFuture();
        notified.addListener(n -> ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        }));
        // the sequencer may have paused reading behind a queued request: drain it all now
        ctx.channel().config().setAutoRead(true);
        ctx.read();
        schedule(limits.quiet().toNanos());
    }

    private void schedule(long delayNanos) {
        timer = ctx.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        long quietLeft = lastReadNanos + limits.quiet().toNanos() - now;
        long totalLeft = startedNanos + limits.total().toNanos() - now;
        if (quietLeft <= 0 || totalLeft <= 0) {
            LOG.debug("closing the lingering connection of {} after {} bytes discarded ({})",
                    ctx.channel().remoteAddress(), discarded, quietLeft <= 0 ? "quiet" : "total time");
            ctx.close();
            return;
        }
        schedule(Math.min(quietLeft, totalLeft));
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
