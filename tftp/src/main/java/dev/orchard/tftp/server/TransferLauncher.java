package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.TftpErrorCode;
import dev.orchard.tftp.codec.TftpOptions;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.ServedFile;
import dev.orchard.tftp.spi.TftpMetrics;
import dev.orchard.tftp.transport.UdpTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Opens the transfer's own channel on a fresh ephemeral port (its TID, RFC 1350 §4) on the next event loop
 * of the transfer group (round robin, so transfers spread over the cores), and starts the
 * {@link ReadTransfer} on it. The transfer then lives on that one loop, so its state needs no locks.
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
    private final EventLoopGroup loops;
    private final SegmentationOffload segmentation;

    TransferLauncher(TftpServerConfig config, TftpMetrics metrics, TransferCounters counters,
                     ChannelGroup transfers, EventLoopGroup loops, SegmentationOffload segmentation) {
        this.config = config;
        this.metrics = metrics;
        this.counters = counters;
        this.transfers = transfers;
        this.loops = loops;
        this.segmentation = segmentation;
    }

    /**
     * Starts a transfer. {@code releaseSlot} is run exactly once when the transfer ends or cannot start, on
     * whichever loop that happens (it hops to the listener's loop itself).
     */
    void launch(ChannelHandlerContext listener, InetSocketAddress client, ServedFile file,
                OptionNegotiation.Accepted accepted, boolean octet, Runnable releaseSlot) {
        long firstTimeout = accepted.timeoutSeconds() > 0
                ? TimeUnit.SECONDS.toNanos(accepted.timeoutSeconds())
                : config.retransmitTimeout().toNanos();
        TftpOptions oack = accepted.oack(file.size());
        TransferParameters parameters = new TransferParameters(client, oack, accepted.blockSize(),
                accepted.windowSize(), firstTimeout, Math.max(firstTimeout, config.maxRetransmitTimeout().toNanos()),
                config.maxRetries(), config.maxTransferDuration().toNanos(), config.blockNumbering());
        BlockSource blocks = octet
                ? new OctetBlocks(file, accepted.blockSize(), accepted.windowSize(), listener.alloc())
                : new NetasciiBlocks(file, accepted.blockSize());
        ReadTransfer transfer = new ReadTransfer(parameters, file, blocks, metrics, counters, segmentation,
                releaseSlot);
        // A wildcard listener gets a wildcard transfer socket of the client's family, a specific one a
        // socket on the same address (so the client sees DATA from the address it asked).
        InetAddress listening = ((InetSocketAddress) listener.channel().localAddress()).getAddress();
        boolean wildcard = listening.isAnyLocalAddress();
        new Bootstrap()
                .group(loops)
                .channelFactory(UdpTransport.channelFactoryFor(wildcard ? client.getAddress() : listening))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .option(ChannelOption.SO_SNDBUF, SEND_BUFFER)
                .handler(transfer)
                .bind(wildcard ? new InetSocketAddress(0) : new InetSocketAddress(listening, 0))
                .addListener((ChannelFuture bound) -> {
                    if (bound.isSuccess()) {
                        transfers.add(bound.channel());
                        log.debug("{} → {} on port {} ({})", client, file.displayName(),
                                ((InetSocketAddress) bound.channel().localAddress()).getPort(), oack.values());
                        transfer.start(bound.channel());
                    } else {
                        log.warn("cannot open a transfer port for {}: {}", client, bound.cause().toString());
                        blocks.close();
                        file.release();
                        releaseSlot.run();
                        metrics.requestRefused(RefusalReason.IO_ERROR);
                        RequestHandler.sendError(listener, client, TftpErrorCode.NOT_DEFINED, "server cannot open a port");
                    }
                });
    }
}
