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
 * RFC 7440 §6). A duplicate ACK never causes a send (RFC 1123 §4.2.3.1, Sorcerer's Apprentice).
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
    private boolean handlingDuplicateAck;
    private int strayReplies;
    private boolean ended;

    ReadTransfer(TransferParameters parameters, ServedFile file, BlockSource blocks, TftpMetrics metrics,
                 TransferCounters counters, Runnable onEnd) {
        this.p = parameters;
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
            onAck(TftpDecoder.dataBlock(content));
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
            handlingDuplicateAck = true;
            try {
                // RFC 1123 §4.2.3.1: never resend on a duplicate ACK; the timer alone retransmits.
                counters.duplicateAck();
                metrics.duplicateAckIgnored();
            } finally {
                handlingDuplicateAck = false;
            }
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

    private int sendWindow(long from) {
        int count = 0;
        long octets = 0;
        long last = blocks.lastBlock();
        try {
            blocks.prepare(from, last < 0 ? from + p.windowSize() - 1 : Math.min(last, from + p.windowSize() - 1),
                    channel.alloc());
        } catch (IOException | RuntimeException e) {
            readFailed(e);
            return 0;
        }
        for (long n = from; n < from + p.windowSize(); n++) {
            long known = blocks.lastBlock();
            if (known >= 0 && n > known) {
                break;
            }
            ByteBuf buf = channel.alloc().directBuffer(TftpEncoder.DATA_HEADER + p.blockSize());
            int length;
            try {
                TftpEncoder.writeDataHeader(buf, p.numbering().wire(n));
                length = blocks.fill(n, buf);
            } catch (IOException | RuntimeException e) {
                buf.release();
                channel.flush();
                readFailed(e);
                return count;
            }
            if (handlingDuplicateAck) {
                counters.dataSentForDuplicateAck();
            }
            channel.write(new DatagramPacket(buf, p.peer()), channel.voidPromise());
            count++;
            octets += length;
            sent = n;
            if (n > highestSent) {
                highestSent = n;
                payloadOctets += length;
            }
            if (length < p.blockSize()) {
                break;
            }
        }
        blocks.close(); // the window's read buffer; the packets hold their own copies
        channel.flush();
        metrics.bytesSent(octets);
        timer.arm();
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
        log.info("sent {} ({} octets) to {} in {} ms", file.displayName(), payloadOctets, p.peer(), took.toMillis());
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
        blocks.close();
        file.release();
        counters.ended();
        onEnd.run();
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
    }
}
