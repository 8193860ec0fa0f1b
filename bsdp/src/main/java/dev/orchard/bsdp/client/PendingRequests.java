package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.DhcpPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Requests waiting for replies, by xid, with their deadlines. Instead of one timer per request (tens of
 * thousands per second in a storm), one periodic {@link #sweep} retransmits, finishes or fails the
 * requests whose deadline has passed. Replies arrive on the event loop; requests start on any thread.
 */
final class PendingRequests {

    /** What happens when a request's last wait ends without a reply. */
    enum Expiry { FAIL, FINISH }

    private static final class Pending {
        final DhcpPacket packet;
        final boolean gather;
        final Expiry expiry;
        final int attempts;
        final long waitNanos;
        final List<DhcpPacket> replies = new ArrayList<>(1);
        final CompletableFuture<List<DhcpPacket>> future = new CompletableFuture<>();
        int attempt = 1;
        volatile long deadline;

        Pending(DhcpPacket packet, boolean gather, Expiry expiry, int attempts, long waitNanos) {
            this.packet = packet;
            this.gather = gather;
            this.expiry = expiry;
            this.attempts = attempts;
            this.waitNanos = waitNanos;
            this.deadline = System.nanoTime() + waitNanos;
        }
    }

    private final Map<Integer, Pending> byXid = new ConcurrentHashMap<>();
    private final AtomicLong strays = new AtomicLong();

    /**
     * Registers a request before it is first sent.
     *
     * @param gather    keep collecting replies until the wait ends; otherwise the first reply completes it
     * @param attempts  transmissions in all (each followed by a wait of {@code waitNanos})
     */
    CompletableFuture<List<DhcpPacket>> register(DhcpPacket packet, boolean gather, Expiry expiry, int attempts,
                                                 long waitNanos) {
        Pending p = new Pending(packet, gather, expiry, attempts, waitNanos);
        if (byXid.putIfAbsent(packet.xid(), p) != null) {
            throw new IllegalStateException("xid " + Integer.toHexString(packet.xid()) + " is already in flight");
        }
        return p.future;
    }

    void offer(DhcpPacket reply) {
        Pending p = byXid.get(reply.xid());
        if (p == null) {
            strays.incrementAndGet();
            return;
        }
        synchronized (p) {
            p.replies.add(reply);
        }
        if (!p.gather && byXid.remove(reply.xid(), p)) {
            p.future.complete(List.of(reply));
        }
    }

    /** Deals with every request whose wait is over; {@code resend} transmits a packet again. */
    void sweep(long now, Consumer<DhcpPacket> resend) {
        for (Pending p : byXid.values()) {
            if (p.deadline - now > 0) {
                continue;
            }
            boolean hasReplies;
            synchronized (p) {
                hasReplies = !p.replies.isEmpty();
            }
            if (hasReplies || (p.attempt >= p.attempts && p.expiry == Expiry.FINISH)) {
                finish(p);
            } else if (p.attempt < p.attempts) {
                p.attempt++;
                p.deadline = now + p.waitNanos;
                resend.accept(p.packet);
            } else {
                fail(p.packet.xid(), new TimeoutException("no reply to xid " + Integer.toHexString(p.packet.xid())
                        + " after " + p.attempt + " attempt(s)"));
            }
        }
    }

    void fail(int xid, Throwable cause) {
        Pending p = byXid.remove(xid);
        if (p != null) {
            p.future.completeExceptionally(cause);
        }
    }

    void failAll(Throwable cause) {
        for (Integer xid : List.copyOf(byXid.keySet())) {
            fail(xid, cause);
        }
    }

    long strays() {
        return strays.get();
    }

    private void finish(Pending p) {
        if (byXid.remove(p.packet.xid(), p)) {
            synchronized (p) {
                p.future.complete(List.copyOf(p.replies));
            }
        }
    }
}
