package dev.orchard.tftp.client;

import dev.orchard.tftp.server.UdpTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;

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
        int largest = 4 + Math.max(512, request.blockSize());
        InetSocketAddress local = new InetSocketAddress(
                request.server().getAddress().isLoopbackAddress() ? request.server().getAddress() : null, 0);
        new Bootstrap()
                .group(group)
                .channel(UdpTransport.channelClass())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(largest))
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .handler(transfer)
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
