package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.ErrorPacket;
import dev.orchard.tftp.codec.MalformedPacketException;
import dev.orchard.tftp.codec.Opcode;
import dev.orchard.tftp.codec.ReadRequest;
import dev.orchard.tftp.codec.TftpDecoder;
import dev.orchard.tftp.codec.TftpEncoder;
import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.codec.TftpPacket;
import dev.orchard.tftp.codec.WriteRequest;
import dev.orchard.tftp.spi.PacketRejection;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.Resolution;
import dev.orchard.tftp.spi.TftpFileSource;
import dev.orchard.tftp.spi.TftpMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The listener (port 69): decodes requests, refuses what it must with the right error code, and hands each
 * accepted read request to a {@link TransferLauncher}. Opening the file touches the disk, so it runs on
 * the resolver executor, never on the event loop. One bad datagram never closes the listener.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

    private final TftpServerConfig config;
    private final TftpFileSource files;
    private final TftpMetrics metrics;
    private final Executor resolver;
    private final TransferSlots slots;
    private final TransferLauncher launcher;
    private final BroadcastAddresses broadcast = new BroadcastAddresses();

    RequestHandler(TftpServerConfig config, TftpFileSource files, TftpMetrics metrics, Executor resolver,
                   TransferLauncher launcher) {
        this.config = config;
        this.files = files;
        this.metrics = metrics;
        this.resolver = resolver;
        this.launcher = launcher;
        this.slots = new TransferSlots(config.maxTransfers(), config.maxTransfersPerClient());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            handle(ctx, packet);
        } catch (RuntimeException e) {
            log.warn("unexpected failure handling a request from {}", packet.sender(), e);
        } finally {
            packet.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        if (broadcast.isBroadcast(packet.recipient())) {
            metrics.packetRejected(PacketRejection.BROADCAST_DESTINATION);
            return;
        }
        TftpPacket decoded;
        try {
            decoded = TftpDecoder.decode(packet.content());
        } catch (MalformedPacketException e) {
            onMalformed(ctx, client, TftpDecoder.opcode(packet.content()), e);
            return;
        }
        if (decoded instanceof WriteRequest) {
            refuse(ctx, client, TftpErrorCode.ACCESS_VIOLATION, RefusalReason.WRITE_REFUSED, "read-only server");
        } else if (decoded instanceof ReadRequest rrq) {
            onRead(ctx, client, rrq);
        } else {
            // ACK, DATA, ERROR or OACK to port 69: silence, as tftp-hpa does.
            metrics.packetRejected(PacketRejection.UNEXPECTED_OPCODE);
        }
    }

    private void onMalformed(ChannelHandlerContext ctx, InetSocketAddress client, int opcode,
                             MalformedPacketException e) {
        log.debug("malformed datagram from {}: {}", client, e.getMessage());
        if (e.reason() == MalformedPacketException.Reason.UNKNOWN_OPCODE) {
            metrics.packetRejected(PacketRejection.UNKNOWN_OPCODE);
            return;
        }
        metrics.packetRejected(PacketRejection.MALFORMED);
        if (opcode == Opcode.RRQ.code() || opcode == Opcode.WRQ.code()) {
            boolean optionProblem = e.reason() == MalformedPacketException.Reason.DUPLICATE_OPTION;
            sendError(ctx, client, optionProblem ? TftpErrorCode.OPTION_REFUSED : TftpErrorCode.ILLEGAL_OPERATION,
                    optionProblem ? "option given twice" : "malformed request");
        }
    }

    private void onRead(ChannelHandlerContext ctx, InetSocketAddress client, ReadRequest rrq) {
        String mode = rrq.mode().toLowerCase(Locale.ROOT);
        boolean octet = mode.equals("octet");
        if (!octet && !mode.equals("netascii")) {
            // RFC 1123 §4.2.2: mail mode SHOULD NOT be supported.
            refuse(ctx, client, TftpErrorCode.ILLEGAL_OPERATION, RefusalReason.UNSUPPORTED_MODE, "unsupported mode");
            return;
        }
        OptionNegotiation.Outcome outcome = OptionNegotiation.negotiate(rrq.options(), octet,
                config.maxBlockSize(), config.maxWindowSize());
        if (outcome instanceof OptionNegotiation.Rejected rejected) {
            refuse(ctx, client, TftpErrorCode.OPTION_REFUSED, RefusalReason.BAD_OPTION, rejected.message());
            return;
        }
        RefusalReason busy = slots.tryTake(client.getAddress());
        if (busy != null) {
            refuse(ctx, client, TftpErrorCode.NOT_DEFINED, busy, "too many transfers, try again later");
            return;
        }
        OptionNegotiation.Accepted accepted = (OptionNegotiation.Accepted) outcome;
        try {
            resolver.execute(() -> {
                Resolution resolution = open(rrq.filename());
                ctx.channel().eventLoop().execute(() -> opened(ctx, client, rrq, accepted, octet, resolution));
            });
        } catch (RejectedExecutionException e) {
            slots.release(client.getAddress());
            refuse(ctx, client, TftpErrorCode.NOT_DEFINED, RefusalReason.TOO_MANY_TRANSFERS, "server busy");
        }
    }

    private Resolution open(String name) {
        try {
            return files.open(name);
        } catch (RuntimeException e) {
            log.warn("file source failed for a request", e);
            return new Resolution.Refused(TftpErrorCode.NOT_DEFINED, RefusalReason.IO_ERROR, e.toString());
        }
    }

    private void opened(ChannelHandlerContext ctx, InetSocketAddress client, ReadRequest rrq,
                        OptionNegotiation.Accepted accepted, boolean octet, Resolution resolution) {
        if (resolution instanceof Resolution.Refused refused) {
            slots.release(client.getAddress());
            log.info("refused {} to {}: {}", printable(rrq.filename()), client, refused.detail());
            refuse(ctx, client, refused.code(), refused.reason(), genericMessage(refused.code()));
            return;
        }
        var file = ((Resolution.Opened) resolution).file();
        if (!ctx.channel().isActive()) {
            file.release();
            slots.release(client.getAddress());
            return;
        }
        launcher.launch(ctx, client, file, accepted, octet, () -> slots.release(client.getAddress()));
    }

    private void refuse(ChannelHandlerContext ctx, InetSocketAddress client, TftpErrorCode code,
                        RefusalReason reason, String message) {
        metrics.requestRefused(reason);
        sendError(ctx, client, code, message);
    }

    static void sendError(ChannelHandlerContext ctx, InetSocketAddress to, TftpErrorCode code, String message) {
        ctx.writeAndFlush(new DatagramPacket(TftpEncoder.encode(new ErrorPacket(code, message), ctx.alloc()), to),
                ctx.voidPromise());
    }

    /** The client learns the category only; the log has the detail. */
    private static String genericMessage(TftpErrorCode code) {
        if (code.equals(TftpErrorCode.FILE_NOT_FOUND)) {
            return "file not found";
        }
        return code.equals(TftpErrorCode.ACCESS_VIOLATION) ? "access violation" : "cannot serve this file";
    }

    /** A requested name made safe for a log line. */
    static String printable(String name) {
        StringBuilder b = new StringBuilder(Math.min(name.length(), 200) + 2).append('\'');
        for (int i = 0; i < name.length() && i < 200; i++) {
            char c = name.charAt(i);
            b.append(c < 0x20 || c >= 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.append('\'').toString();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("listener socket error: {}", cause.toString());
    }
}
