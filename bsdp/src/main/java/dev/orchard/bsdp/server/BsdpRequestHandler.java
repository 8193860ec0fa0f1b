package dev.orchard.bsdp.server;

import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import dev.orchard.bsdp.transport.DatagramOutbox;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Classifies each packet on the event loop (cheap, no I/O) and hands BSDP requests to a worker
 * executor, because answering asks the boot policy and the binding store, which may block. The worker
 * hands the reply to a {@link DatagramOutbox}, which coalesces replies into one flush per event-loop
 * turn (one {@code sendmmsg} under load). A full worker queue
 * sheds the request (counted as OVERLOADED) instead of queueing without bound; the Mac retries.
 */
@ChannelHandler.Sharable
final class BsdpRequestHandler extends SimpleChannelInboundHandler<InboundDatagram> {

    private static final Logger LOG = LoggerFactory.getLogger(BsdpRequestHandler.class);

    private final RequestClassifier classifier;
    private final BsdpResponder responder;
    private final Executor workers;
    private final BsdpMetrics metrics;
    private final ThrottledLog overload = new ThrottledLog(LOG, 1000);
    private final ThrottledLog errors = new ThrottledLog(LOG, 1000);
    private volatile DatagramOutbox outbox;

    BsdpRequestHandler(RequestClassifier classifier, BsdpResponder responder, Executor workers, BsdpMetrics metrics) {
        this.classifier = classifier;
        this.responder = responder;
        this.workers = workers;
        this.metrics = metrics;
    }

    /** The server has exactly one channel: replies from every worker are coalesced into its outbox. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        outbox = new DatagramOutbox(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, InboundDatagram in) {
        RequestClassifier.Verdict verdict = classifier.classify(in.packet(), in.sender());
        if (verdict instanceof RequestClassifier.Verdict.Drop drop) {
            dropped(drop.reason(), drop.detail(), in);
            return;
        }
        BsdpRequest request = ((RequestClassifier.Verdict.Accept) verdict).request();
        try {
            workers.execute(() -> answer(request));
        } catch (RejectedExecutionException e) {
            metrics.requestDropped(DropReason.OVERLOADED);
            overload.warn("BSDP workers saturated: request from {} shed", request.mac());
        }
    }

    private void answer(BsdpRequest request) {
        BsdpResponder.Outcome outcome;
        try {
            outcome = responder.respond(request);
        } catch (RuntimeException e) {
            metrics.requestDropped(DropReason.INTERNAL_ERROR);
            LOG.error("BSDP request from {} failed", request.mac(), e);
            return;
        }
        if (outcome instanceof BsdpResponder.Outcome.Drop drop) {
            metrics.requestDropped(drop.reason());
            LOG.debug("BSDP {} from {} ({}) not answered: {} {}", request.type(), request.mac(),
                    request.packet().ciaddr().getHostAddress(), drop.reason(), drop.detail());
            return;
        }
        BsdpResponder.Outcome.Send send = (BsdpResponder.Outcome.Send) outcome;
        outbox.send(new OutboundReply(send.reply(), send.recipient(), send.type()), f -> {
            if (f.isSuccess()) {
                metrics.replySent(send.type());
            } else {
                metrics.requestDropped(DropReason.SEND_FAILED);
                errors.warn("BSDP reply to {} failed: {}", send.recipient(), String.valueOf(f.cause()));
            }
        });
    }

    private void dropped(DropReason reason, String detail, InboundDatagram in) {
        metrics.requestDropped(reason);
        if (LOG.isDebugEnabled()) {
            LOG.debug("packet from {} not answered: {} {}", in.sender(), reason, detail);
        }
    }

    /** One bad packet never closes a UDP listener: log and keep serving. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        metrics.requestDropped(DropReason.INTERNAL_ERROR);
        errors.warn("BSDP pipeline error (listener stays open): {}", String.valueOf(cause));
    }
}
