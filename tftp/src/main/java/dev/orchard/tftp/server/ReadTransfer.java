package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.ErrorPacket;
import dev.orchard.tftp.codec.MalformedPacketException;
import dev.orchard.tftp.codec.Opcode;
import dev.orchard.tftp.codec.OptionAck;
import dev.orchard.tftp.codec.TftpDecoder;
import dev.orchard.tftp.codec.TftpEncoder;
import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.codec.TftpPacket;
import dev.orchard.tftp.spi.PacketRejection;
import dev.orchard.tftp.spi.ServedFile;
import dev.orchard.tftp.spi.TftpMetrics;
import dev.orchard.tftp.spi.TransferFailure;
import dev.orchard.tftp.transport.RetransmitTimer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One read transfer on its own channel and port (its TID, RFC 1350 §4), driven entirely on that channel's
 * event loop, so its state needs no locks. Sends a window of blocks (RFC 7440; windowsize 1 is plain
 * RFC 1350 lock-step), advances on the ACK of any block of the window and restarts right after it, and
 * retransmits only when its timer fires, with exponential backoff and a retry cap (RFC 1123 §4.2.3.2,
 * RFC 7440 §6). A duplicate ACK never causes a send (RFC 1123 §4.2.3.1, Sorcerer's Apprentice); a
 * tripwire around the handling of every ACK counts any DATA sent for an ACK that moved nothing forward
 * ({@link TransferCounters#dataSentForDuplicateAcks()}), whatever path sent it.
 */
final class ReadTransfer extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ReadTransfer.class);
    /** ERROR 5 answers per transfer; more stray packets are only counted (no reflection amplifier). */
    private static final int MAX_STRAY_REPLIES = 8;

    private final TransferParameters p;
    private final ServedFile file;
    private final BlockSource blocks;
    private final TftpMetrics metrics;
    private final TransferCounters counters;
    private final Runnable onEnd;
    private final SegmentationOffload segmentation;
    private final DataFrames frames;

    private Channel channel;
    private boolean awaitingOackAck;
    private long acked;
    private long sent;
    private long highestSent;
    private long payloadOctets;
    private int retries;
    private long startNanos;
    private RetransmitTimer timer;
    private ScheduledFuture<?> durationLimit;
    /** DATA packets written so far, resends included: the tripwire compares it around each ACK. */
    private long dataPacketsWritten;
    private int strayReplies;
    private boolean ended;
    private boolean sentWithSegmentation;

    ReadTransfer(TransferParameters parameters, ServedFile file, BlockSource blocks, TftpMetrics metrics,
                 TransferCounters counters, SegmentationOffload segmentation, Runnable onEnd) {
        this.p = parameters;
        this.segmentation = segmentation;
        this.frames = new DataFrames(parameters.blockSize());
        this.file = file;
        this.blocks = blocks;
        this.metrics = metrics;
        this.counters = counters;
        this.onEnd = onEnd;
    }

    /** Called on the event loop once the channel is bound: sends the OACK or the first window. */
    void start(Channel boundChannel) {
        this.channel = boundChannel;
        this.startNanos = System.nanoTime();
        this.timer = new RetransmitTimer(channel.eventLoop(), p.firstTimeoutNanos(), p.maxTimeoutNanos(),
                this::onTimeout);
        counters.started();
        metrics.transferStarted();
        durationLimit = channel.eventLoop().schedule(
                () -> fail(TransferFailure.DURATION_EXCEEDED, "transfer took too long"),
                p.maxDurationNanos(), TimeUnit.NANOSECONDS);
        if (p.oack().isEmpty()) {
            sendWindow(1);
        } else {
            awaitingOackAck = true;
            sendOack();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            if (!ended) {
                receive(packet);
            }
        } finally {
            packet.release();
        }
    }

    private void receive(DatagramPacket packet) {
        if (!p.peer().equals(packet.sender())) {
            // RFC 1350 §4: answer the stray source, do not disturb the transfer.
            metrics.packetRejected(PacketRejection.STRAY_TID);
            if (strayReplies++ < MAX_STRAY_REPLIES) {
                send(new ErrorPacket(TftpErrorCode.UNKNOWN_TID, "unknown transfer ID"), packet.sender());
                channel.flush();
            }
            return;
        }
        ByteBuf content = packet.content();
        int opcode = TftpDecoder.opcode(content);
        if (opcode == Opcode.ACK.code() && content.readableBytes() >= 4) {
            long ackedBefore = acked;
            boolean oackPending = awaitingOackAck;
            long writtenBefore = dataPacketsWritten;
            onAck(TftpDecoder.dataBlock(content));
            checkNoDataForStaleAck(ackedBefore, oackPending, writtenBefore);
            return;
        }
        TftpPacket decoded;
        try {
            decoded = TftpDecoder.decode(content);
        } catch (MalformedPacketException e) {
            metrics.packetRejected(e.reason() == MalformedPacketException.Reason.UNKNOWN_OPCODE
                    ? PacketRejection.UNKNOWN_OPCODE : PacketRejection.MALFORMED);
            return;
        }
        if (decoded instanceof ErrorPacket error) {
            onPeerError(error);
        } else {
            metrics.packetRejected(PacketRejection.UNEXPECTED_OPCODE);
            fail(TransferFailure.ILLEGAL_OPERATION, TftpErrorCode.ILLEGAL_OPERATION,
                    decoded.opcode() + " is illegal in a read transfer");
        }
    }

    private void onAck(int wire) {
        if (awaitingOackAck) {
            if (wire == 0) {
                // RFC 2347: ACK 0 confirms the OACK.
                awaitingOackAck = false;
                progress();
                sendWindow(1);
            } else {
                metrics.packetRejected(PacketRejection.ACK_AHEAD_OF_WINDOW);
            }
            return;
        }
        long n = p.numbering().unwrap(wire, acked, sent);
        if (n < 0) {
            if (p.numbering().unwrap(wire, sent, sent + 0x7FFF) >= 0) {
                metrics.packetRejected(PacketRejection.ACK_AHEAD_OF_WINDOW);
                return;
            }
            // RFC 1123 §4.2.3.1: never resend on a duplicate ACK; the timer alone retransmits.
            counters.duplicateAck();
            metrics.duplicateAckIgnored();
            return;
        }
        acked = n;
        progress();
        blocks.acknowledged(n);
        if (n == blocks.lastBlock()) {
            complete();
        } else {
            // The ACK of the window's last block, or of the last block received in order: RFC 7440 §4
            // starts the next window right after it.
            sendWindow(n + 1);
        }
    }

    /**
     * The Sorcerer's Apprentice tripwire (RFC 1123 §4.2.3.1). It judges by outcome, not by code path:
     * an ACK that neither confirmed the OACK nor raised the acknowledged block (a duplicate, an older
     * ACK, one ahead of the window) must not have made us write DATA, however {@link #onAck} came to
     * write it. Never expected to fire; it exists so that tests and loss labs can tell a resend caused
     * by a duplicate ACK from one caused by the timer, which look alike on the wire.
     */
    private void checkNoDataForStaleAck(long ackedBefore, boolean oackPending, long writtenBefore) {
        boolean advanced = acked > ackedBefore || oackPending && !awaitingOackAck;
        long written = dataPacketsWritten - writtenBefore;
        if (!advanced && written > 0) {
            counters.dataSentForDuplicateAck(written);
            log.error("BUG: {} DATA packet(s) sent to {} for an ACK that acknowledged nothing new (RFC 1123 "
                    + "§4.2.3.1)", written, p.peer());
        }
    }

    private void progress() {
        retries = 0;
        timer.reset();
    }

    private void onPeerError(ErrorPacket error) {
        if (awaitingOackAck && error.code().equals(TftpErrorCode.OPTION_REFUSED)) {
            // UEFI (EDK II PxeBcTftpGetFileSize) reads tsize from our OACK and aborts with ERROR 8: normal.
            log.debug("{} ended after our OACK (size probe) for {}", p.peer(), file.displayName());
            metrics.sizeProbeAnswered();
            end();
            return;
        }
        log.info("{} aborted {} with ERROR {}: {}", p.peer(), file.displayName(), error.code(), error.message());
        metrics.transferFailed(TransferFailure.CLIENT_ERROR);
        end();
    }

    private int sendOack() {
        send(new OptionAck(p.oack()), p.peer());
        channel.flush();
        timer.arm();
        return 1;
    }

    /** Sends blocks {@code from..} up to a window, in batches of at most {@link DataFrames#MAX_BATCH_OCTETS}. */
    private int sendWindow(long from) {
        long last = blocks.lastBlock();
        long to = from + p.windowSize() - 1;
        if (last >= 0) {
            to = Math.min(to, last);
        }
        int count = 0;
        long octets = 0;
        boolean more = true;
        for (long first = from; more && first <= to; first += frames.maxFramesPerBatch()) {
            long batchLast = Math.min(to, first + frames.maxFramesPerBatch() - 1);
            frames.begin(channel, (int) (batchLast - first + 1));
            long newOctets = 0;
            long batchOctets = 0;
            try {
                for (long n = first; n <= batchLast; n++) {
                    frames.header(p.numbering().wire(n));
                    int length = blocks.fill(n, frames.buffer());
                    batchOctets += length;
                    if (n > highestSent) {
                        newOctets += length;
                    }
                    if (length < p.blockSize()) {
                        more = false; // the last block (netascii learns it only here)
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                frames.discard();
                metrics.bytesSent(octets);
                readFailed(e);
                return count;
            }
            int batch = frames.count();
            dataPacketsWritten += batch;
            sentWithSegmentation = frames.write(channel, p.peer(), segmentation.enabled());
            channel.flush();
            count += batch;
            octets += batchOctets;
            sent = first + batch - 1;
            if (sent > highestSent) {
                highestSent = sent;
                payloadOctets += newOctets;
            }
        }
        metrics.bytesSent(octets);
        timer.arm();
        if (more) {
            blocks.prefetch(sent + 1, sent + p.windowSize()); // while the ACK is on its way
        }
        return count;
    }

    private void readFailed(Exception e) {
        boolean changed = e instanceof BlockSource.FileChangedException;
        log.warn("{} for {}: {}", changed ? "file changed" : "read failed", file.displayName(), e.toString());
        fail(changed ? TransferFailure.FILE_CHANGED : TransferFailure.READ_ERROR,
                changed ? "file changed during transfer" : "read error");
    }

    private void onTimeout() {
        if (ended) {
            return;
        }
        if (++retries > p.maxRetries()) {
            fail(TransferFailure.TIMED_OUT, "transfer timed out");
            return;
        }
        timer.backOff();
        int resent = awaitingOackAck ? sendOack() : sendWindow(acked + 1);
        counters.retransmitted(resent);
        metrics.retransmitted(resent);
    }

    private void complete() {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        // the JSON log format also gets the facts as fields (ops docs/admin-guide.md, "Logs")
        log.atInfo().addKeyValue("file", file.displayName()).addKeyValue("bytes", payloadOctets)
                .addKeyValue("duration_ms", took.toMillis()).addKeyValue("peer", String.valueOf(p.peer()))
                .log("sent {} ({} octets) to {} in {} ms", file.displayName(), payloadOctets, p.peer(), took.toMillis());
        metrics.transferCompleted(payloadOctets, took);
        end();
    }

    private void fail(TransferFailure reason, String messageToPeer) {
        fail(reason, TftpErrorCode.NOT_DEFINED, messageToPeer);
    }

    private void fail(TransferFailure reason, TftpErrorCode code, String messageToPeer) {
        if (ended) {
            return;
        }
        log.info("transfer of {} to {} failed: {}", file.displayName(), p.peer(), reason);
        metrics.transferFailed(reason); // counted before the peer can see the ERROR
        if (channel.isActive()) {
            // Best effort: ERROR is never acknowledged nor retransmitted (RFC 1350 §7).
            send(new ErrorPacket(code, messageToPeer), p.peer());
            channel.flush();
        }
        end();
    }

    private void send(TftpPacket packet, java.net.InetSocketAddress to) {
        channel.write(new DatagramPacket(TftpEncoder.encode(packet, channel.alloc()), to), channel.voidPromise());
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (timer != null) {
            timer.stop();
        }
        if (durationLimit != null) {
            durationLimit.cancel(false);
        }
        channel.close();
        blocks.close(); // on this loop, so never under a running fill()
        frames.close();
        file.release();
        onEnd.run(); // the slot first: once activeTransfers() says 0, every slot is free again
        counters.ended();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ended && channel != null) {
            metrics.transferFailed(TransferFailure.SERVER_STOPPED);
            end();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send error on UDP (ENOBUFS, an ICMP report) is not fatal: the timer retransmits or gives up.
        log.debug("transfer socket error for {}: {}", p.peer(), cause.toString());
        if (sentWithSegmentation) {
            segmentation.sendFailed(cause);
        }
    }
}
