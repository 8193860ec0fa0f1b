package dev.orchard.bsdp.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.GenericFutureListener;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coalesces datagram writes from any thread into one flush per event-loop turn, so that under load
 * many replies leave in one {@code sendmmsg} system call instead of one {@code sendto} (and one
 * event-loop wake-up) each; when idle, a datagram still leaves at once.
 *
 * <p>Ordering argument: the drain task clears {@code scheduled} before it polls, so a message added
 * after the poll has finished sees {@code scheduled == false} and schedules another drain; no message
 * can be left waiting.
 */
public final class DatagramOutbox {

    private record Pending(Object message, GenericFutureListener<ChannelFuture> listener) {
    }

    private final Channel channel;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    public DatagramOutbox(Channel channel) {
        this.channel = channel;
    }

    /** Queues {@code message} for the channel; {@code listener} (may be null) learns whether it was sent. */
    public void send(Object message, GenericFutureListener<ChannelFuture> listener) {
        queue.add(new Pending(message, listener));
        if (scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        boolean wrote = false;
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            ChannelFuture f = channel.write(p.message);
            if (p.listener != null) {
                f.addListener(p.listener);
            }
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }
}
