package dev.orchard.bsdp.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Netty's native epoll transport on Linux when available, NIO otherwise; the same for server and client. */
public final class UdpTransport {

    private UdpTransport() {
    }

    public static boolean epoll() {
        return Epoll.isAvailable();
    }

    /**
     * @param daemon false for a server (a running server keeps the JVM alive until it is closed, e.g. by the
     *               shutdown hook of {@code orchard bsdp}); true for clients
     */
    public static EventLoopGroup group(int threads, String name, boolean daemon) {
        IoHandlerFactory factory = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, daemon), factory);
    }

    /**
     * Receive buffers: with epoll, {@code recvmmsg} reads up to 16 datagrams of at most
     * {@code maxDatagram} bytes per system call (a burst of INFORMs costs one wake-up, not sixteen); with
     * NIO, one datagram per read. Larger datagrams are cut, which the decoder then rejects as malformed.
     */
    public static Bootstrap receiveBuffers(Bootstrap b, int maxDatagram) {
        if (epoll()) {
            return b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(16 * maxDatagram));
        }
        return b.option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagram));
    }

    /** IPv4 datagram sockets: BSDP is IPv4 only, and an IPv4 socket bound to 0.0.0.0 reports itself as such. */
    public static ChannelFactory<DatagramChannel> ipv4Channels() {
        return epoll() ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET)
                : () -> new NioDatagramChannel(SocketProtocolFamily.INET);
    }
}
