package dev.orchard.bsdp.client;

import dev.orchard.bsdp.codec.DhcpPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Requests waiting for replies, by xid. Replies arrive on the event loop; requests start on any thread. */
final class PendingRequests {

    private static final class Pending {
        final boolean gather;
        final List<DhcpPacket> replies = new ArrayList<>(1);
        final CompletableFuture<List<DhcpPacket>> future = new CompletableFuture<>();

        Pending(boolean gather) {
            this.gather = gather;
        }
    }

    private final Map<Integer, Pending> byXid = new ConcurrentHashMap<>();
    private final AtomicLong strays = new AtomicLong();

    /** {@code gather}: keep collecting until {@link #finish}; otherwise the first reply completes it. */
    CompletableFuture<List<DhcpPacket>> register(int xid, boolean gather) {
        Pending p = new Pending(gather);
        if (byXid.putIfAbsent(xid, p) != null) {
            throw new IllegalStateException("xid " + Integer.toHexString(xid) + " is already in flight");
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

    boolean isWaiting(int xid) {
        return byXid.containsKey(xid);
    }

    boolean hasReplies(int xid) {
        Pending p = byXid.get(xid);
        if (p == null) {
            return false;
        }
        synchronized (p) {
            return !p.replies.isEmpty();
        }
    }

    /** Completes with whatever arrived (possibly nothing). */
    void finish(int xid) {
        Pending p = byXid.remove(xid);
        if (p != null) {
            synchronized (p) {
                p.future.complete(List.copyOf(p.replies));
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
}
