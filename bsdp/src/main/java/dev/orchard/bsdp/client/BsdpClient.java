package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.BsdpInforms;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.transport.DatagramOutbox;
import dev.orchard.bsdp.transport.UdpTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BSDP client that plays many Macs at once over one UDP socket: INFORM[LIST] → choose (binding, else
 * highest priority and its default) → INFORM[SELECT] → ACK. Replies are matched to requests by xid, so
 * hundreds of simulated Macs can be in flight together; retransmissions and the gathering window run on
 * the client's event loop, never blocking the caller.
 *
 * <pre>{@code
 * try (BsdpClient client = BsdpClient.open(BsdpClientConfig.unicast(local, server))) {
 *     SelectAck ack = client.boot(SimulatedMac.intel(mac, ip, "iMac18,1")).get();
 * }
 * }</pre>
 */
public final class BsdpClient implements AutoCloseable {

    /** Replies are at most 8192 bytes (Apple's cap); the IP and UDP headers are not part of the payload. */
    private static final int MAX_REPLY = 8192;
    /** Timeouts are checked this often (one sweep instead of one timer per request). */
    private static final long SWEEP_MILLIS = 10;

    private final BsdpClientConfig config;
    private final EventLoopGroup group;
    private final Channel channel;
    private final PendingRequests pending;
    private final OptionalInt replyPort;
    private final DatagramOutbox outbox;
    private final AtomicInteger xids = new AtomicInteger(ThreadLocalRandom.current().nextInt());

    private BsdpClient(BsdpClientConfig config, EventLoopGroup group, Channel channel, PendingRequests pending) {
        this.config = config;
        this.group = group;
        this.channel = channel;
        this.pending = pending;
        this.outbox = new DatagramOutbox(channel);
        channel.eventLoop().scheduleAtFixedRate(() -> pending.sweep(System.nanoTime(), this::send), SWEEP_MILLIS,
                SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        int bound = ((InetSocketAddress) channel.localAddress()).getPort();
        this.replyPort = config.replyPort().isPresent() ? config.replyPort()
                : bound == 68 ? OptionalInt.empty() : OptionalInt.of(bound);
    }

    public static BsdpClient open(BsdpClientConfig config) throws InterruptedException {
        EventLoopGroup group = UdpTransport.group(1, "bsdp-client", true);
        PendingRequests pending = new PendingRequests();
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channelFactory(UdpTransport.ipv4Channels())
                    .option(ChannelOption.SO_BROADCAST, true)
                    .option(ChannelOption.SO_RCVBUF, 4 << 20)
                    .option(ChannelOption.SO_SNDBUF, 4 << 20);
            Channel ch = UdpTransport.receiveBuffers(bootstrap, MAX_REPLY)
                    .handler(new ClientReplyHandler(pending))
                    .bind(config.bind()).sync().channel();
            return new BsdpClient(config, group, ch, pending);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The reply port this client puts in sub-option 5 (empty: replies go to 68). */
    public OptionalInt replyPort() {
        return replyPort;
    }

    /** A fresh transaction id. */
    public int nextXid() {
        return xids.incrementAndGet();
    }

    /** INFORM[LIST]: every ACK[LIST] received within the gathering window (or the first, with no window). */
    public CompletableFuture<List<ListOffer>> list(SimulatedMac mac) {
        DhcpPacket inform = BsdpInforms.list(nextXid(), mac.identity(), replyPort, List.of());
        return request(inform).thenApply(replies -> replies.stream().map(ListOffer::of).toList());
    }

    /** INFORM[SELECT] of {@code image} on the server of {@code offer}: the first ACK[SELECT] or ACK[FAILED]. */
    public CompletableFuture<SelectAck> select(SimulatedMac mac, ListOffer offer, BootImageId image) {
        DhcpPacket inform = BsdpInforms.select(nextXid(), mac.identity(), replyPort, offer.server(), image);
        return request(inform, false).thenApply(replies -> SelectAck.of(replies.get(0)));
    }

    /** The whole unattended boot: LIST, choose as the firmware does, SELECT. */
    public CompletableFuture<SelectAck> boot(SimulatedMac mac) {
        return list(mac).thenCompose(offers -> BootChoice.choose(offers)
                .map(c -> select(mac, c.offer(), c.image()))
                .orElseGet(() -> CompletableFuture.failedFuture(
                        new TimeoutException("no usable ACK[LIST] for " + mac.mac()))));
    }

    /**
     * Sends any packet, retransmitting up to the configured attempts, and completes with the replies
     * carrying its xid: the first one, or all within the gathering window when one is configured.
     * Fails with {@link TimeoutException} when nothing came back.
     */
    public CompletableFuture<List<DhcpPacket>> request(DhcpPacket packet) {
        return request(packet, !config.gatherWindow().isZero());
    }

    /**
     * Sends {@code packet} once and completes after {@code window} with every reply carrying its xid,
     * possibly none: for checking that a server stays silent.
     */
    public CompletableFuture<List<DhcpPacket>> collect(DhcpPacket packet, Duration window) {
        CompletableFuture<List<DhcpPacket>> f = pending.register(packet, true, PendingRequests.Expiry.FINISH, 1,
                window.toNanos());
        send(packet);
        return f;
    }

    /** Sends raw bytes to the server (malformed packets in tests). */
    public void sendRaw(byte[] bytes) {
        outbox.send(new DatagramPacket(Unpooled.wrappedBuffer(bytes), config.server()), null);
    }

    /** Replies that matched no request (late, duplicated, or for another client on a shared port). */
    public long strayReplies() {
        return pending.strays();
    }

    private CompletableFuture<List<DhcpPacket>> request(DhcpPacket packet, boolean gather) {
        long wait = (gather ? config.gatherWindow() : config.timeout()).toNanos();
        CompletableFuture<List<DhcpPacket>> f = pending.register(packet, gather, PendingRequests.Expiry.FAIL,
                config.attempts(), wait);
        send(packet);
        return f;
    }

    /** A send that fails (no route to a broadcast address, say) fails the request at once with the cause. */
    private void send(DhcpPacket packet) {
        outbox.send(new DatagramPacket(Unpooled.wrappedBuffer(DhcpPacketCodec.encode(packet)), config.server()), f -> {
            if (!f.isSuccess()) {
                pending.fail(packet.xid(), new java.io.IOException("cannot send to " + config.server() + ": "
                        + f.cause().getMessage(), f.cause()));
            }
        });
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        pending.failAll(new IllegalStateException("client closed"));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
