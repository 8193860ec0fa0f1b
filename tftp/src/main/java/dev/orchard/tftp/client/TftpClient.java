package dev.orchard.tftp.client;

import dev.orchard.tftp.transport.UdpTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A TFTP read client on Netty: many concurrent fetches share a few event-loop threads, each on its own
 * port. Used by the tests, the benchmark and the simulated lab.
 *
 * <pre>{@code
 * try (TftpClient client = new TftpClient(2)) {
 *     TransferResult r = client.fetch(FetchRequest.of(server, "booter", TransferSink.toFile(out))
 *             .withBlockSize(1468).withWindowSize(16).withTransferSize(true)).get();
 * }
 * }</pre>
 */
public final class TftpClient implements AutoCloseable {

    /** Datagrams one read may take with recvmmsg (epoll) when a window is negotiated. */
    private static final int MAX_DATAGRAMS_PER_READ = 16;

    private final EventLoopGroup group;

    /** A client with one event-loop thread. */
    public TftpClient() {
        this(1);
    }

    public TftpClient(int threads) {
        this.group = UdpTransport.newGroup(threads, "tftp-client", true);
    }

    /** Starts a fetch; the future completes with the result or a {@link TftpTransferException}. */
    public CompletableFuture<TransferResult> fetch(FetchRequest request) {
        CompletableFuture<TransferResult> result = new CompletableFuture<>();
        ClientTransfer transfer = new ClientTransfer(request, result);
        // One octet more than the largest DATA we may get: a longer datagram then shows as too long
        // instead of being cut to a plausible full block.
        int largest = 5 + Math.max(512, request.blockSize());
        int batch = UdpTransport.nativeEpoll() ? Math.min(MAX_DATAGRAMS_PER_READ, Math.max(1, request.windowSize())) : 1;
        InetSocketAddress local = new InetSocketAddress(
                request.server().getAddress().isLoopbackAddress() ? request.server().getAddress() : null, 0);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(UdpTransport.channelFactoryFor(request.server().getAddress()))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(largest * batch))
                .option(ChannelOption.SO_RCVBUF, 1 << 20);
        if (batch > 1) {
            // a window arrives as a burst: recvmmsg takes up to `batch` datagrams per system call
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, largest);
        }
        bootstrap.handler(transfer)
                .bind(local)
                .addListener((ChannelFuture bound) -> {
                    if (bound.isSuccess()) {
                        transfer.start(bound.channel());
                    } else {
                        result.completeExceptionally(new TftpTransferException("cannot open a local port",
                                bound.cause()));
                    }
                });
        return result;
    }

    /** Fetches and waits; failures are thrown as {@link TftpTransferException}. */
    public TransferResult fetchAndWait(FetchRequest request, long timeout, TimeUnit unit) throws TftpTransferException {
        try {
            return fetch(request).get(timeout, unit);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TftpTransferException t) {
                throw t;
            }
            throw new TftpTransferException("fetch failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TftpTransferException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TftpTransferException("no result within " + timeout + " " + unit, e);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
