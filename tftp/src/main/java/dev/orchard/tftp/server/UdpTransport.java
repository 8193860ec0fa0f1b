package dev.orchard.tftp.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll where available (Linux), NIO elsewhere; one place decides for server and client. */
public final class UdpTransport {

    private UdpTransport() {
    }

    /** True when the native epoll transport is used. */
    public static boolean nativeEpoll() {
        return Epoll.isAvailable();
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

    /** The datagram channel class matching {@link #newGroup}. */
    public static Class<? extends DatagramChannel> channelClass() {
        return nativeEpoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
