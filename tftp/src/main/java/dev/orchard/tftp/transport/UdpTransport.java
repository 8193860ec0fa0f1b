package dev.orchard.tftp.transport;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Native epoll where available (Linux), NIO elsewhere; one place decides for server and client. */
public final class UdpTransport {

    private UdpTransport() {
    }

    /** True when the native epoll transport is used. */
    public static boolean nativeEpoll() {
        return Epoll.isAvailable();
    }

    /**
     * True when a window can go to the kernel as one UDP GSO send (Linux UDP_SEGMENT, kernel 4.18+,
     * through Netty's epoll {@code sendmmsg}); the NIO transport cannot.
     */
    public static boolean segmentationOffloadAvailable() {
        return nativeEpoll() && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    }

    /**
     * A new event loop group of {@code threads} threads named {@code name-N}. A server's threads are not
     * daemons (they keep a service JVM alive until it is stopped); a client's are.
     */
    public static EventLoopGroup newGroup(int threads, String name, boolean daemon) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, daemon);
        return nativeEpoll()
                ? new MultiThreadIoEventLoopGroup(threads, factory, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(threads, factory, NioIoHandler.newFactory());
    }

    /** The datagram channel class matching {@link #newGroup} (dual-stack socket). */
    public static Class<? extends DatagramChannel> channelClass() {
        return nativeEpoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /**
     * Channels for talking to {@code peer}: an IPv4 socket for an IPv4 peer (the kernel then takes the
     * plain IPv4 send path instead of the IPv6 one with a mapped address), the dual-stack default otherwise.
     */
    public static ChannelFactory<DatagramChannel> channelFactoryFor(InetAddress peer) {
        if (!(peer instanceof Inet4Address)) {
            return nativeEpoll() ? EpollDatagramChannel::new : NioDatagramChannel::new;
        }
        return nativeEpoll() ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET)
                : () -> new NioDatagramChannel(SocketProtocolFamily.INET);
    }
}
