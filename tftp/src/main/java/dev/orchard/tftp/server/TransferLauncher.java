package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.codec.TftpOptions;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.ServedFile;
import dev.orchard.tftp.spi.TftpMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Opens the transfer's own channel on a fresh ephemeral port (its TID, RFC 1350 §4) on the listener's
 * event loop, and starts the {@link ReadTransfer} on it.
 */
final class TransferLauncher {

    private static final Logger log = LoggerFactory.getLogger(TransferLauncher.class);
    /** ACKs and ERRORs are small; a longer datagram is truncated, which the lenient decoder tolerates. */
    private static final int RECEIVE_BUFFER = 1024;
    /** Room for a whole window of 1468-octet blocks at windowsize 64 in the kernel. */
    private static final int SEND_BUFFER = 256 * 1024;

    private final TftpServerConfig config;
    private final TftpMetrics metrics;
    private final TransferCounters counters;
    private final ChannelGroup transfers;

    TransferLauncher(TftpServerConfig config, TftpMetrics metrics, TransferCounters counters,
                     ChannelGroup transfers) {
        this.config = config;
        this.metrics = metrics;
        this.counters = counters;
        this.transfers = transfers;
    }

    void launch(ChannelHandlerContext listener, InetSocketAddress client, ServedFile file,
                OptionNegotiation.Accepted accepted, boolean octet, Runnable releaseSlot) {
        long firstTimeout = accepted.timeoutSeconds() > 0
                ? TimeUnit.SECONDS.toNanos(accepted.timeoutSeconds())
                : config.retransmitTimeout().toNanos();
        TftpOptions oack = accepted.oack(file.size());
        TransferParameters parameters = new TransferParameters(client, oack, accepted.blockSize(),
                accepted.windowSize(), firstTimeout, Math.max(firstTimeout, config.maxRetransmitTimeout().toNanos()),
                config.maxRetries(), config.maxTransferDuration().toNanos(), config.blockNumbering());
        BlockSource blocks = octet ? new OctetBlocks(file, accepted.blockSize())
                : new NetasciiBlocks(file, accepted.blockSize());
        ReadTransfer transfer = new ReadTransfer(parameters, file, blocks, metrics, counters, releaseSlot);
        InetSocketAddress local = (InetSocketAddress) listener.channel().localAddress();
        new Bootstrap()
                .group(listener.channel().eventLoop())
                .channel(UdpTransport.channelClass())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .option(ChannelOption.SO_SNDBUF, SEND_BUFFER)
                .handler(transfer)
                .bind(new InetSocketAddress(local.getAddress(), 0))
                .addListener((ChannelFuture bound) -> {
                    if (bound.isSuccess()) {
                        transfers.add(bound.channel());
                        log.debug("{} → {} on port {} ({})", client, file.displayName(),
                                ((InetSocketAddress) bound.channel().localAddress()).getPort(), oack.values());
                        transfer.start(bound.channel());
                    } else {
                        log.warn("cannot open a transfer port for {}: {}", client, bound.cause().toString());
                        file.release();
                        releaseSlot.run();
                        metrics.requestRefused(RefusalReason.IO_ERROR);
                        RequestHandler.sendError(listener, client, TftpErrorCode.NOT_DEFINED, "server cannot open a port");
                    }
                });
    }
}
