package dev.orchard.bsdp.spi;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link BsdpMetrics} that counts, for assertions; thread-safe. */
public final class RecordingBsdpMetrics implements BsdpMetrics {

    private final Map<RequestType, AtomicLong> requests = counters(RequestType.class);
    private final Map<ReplyType, AtomicLong> replies = counters(ReplyType.class);
    private final Map<DropReason, AtomicLong> drops = counters(DropReason.class);
    private final AtomicLong truncations = new AtomicLong();
    private final AtomicLong policyCalls = new AtomicLong();

    private static <E extends Enum<E>> Map<E, AtomicLong> counters(Class<E> type) {
        Map<E, AtomicLong> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, new AtomicLong());
        }
        return m;
    }

    @Override
    public void requestReceived(RequestType type) {
        requests.get(type).incrementAndGet();
    }

    @Override
    public void replySent(ReplyType type) {
        replies.get(type).incrementAndGet();
    }

    @Override
    public void requestDropped(DropReason reason) {
        drops.get(reason).incrementAndGet();
    }

    @Override
    public void imageListTruncated() {
        truncations.incrementAndGet();
    }

    @Override
    public void policyAnswered(long nanos) {
        policyCalls.incrementAndGet();
    }

    public long requests(RequestType t) {
        return requests.get(t).get();
    }

    public long replies(ReplyType t) {
        return replies.get(t).get();
    }

    public long drops(DropReason r) {
        return drops.get(r).get();
    }

    public long totalDrops() {
        return drops.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long truncations() {
        return truncations.get();
    }

    public long policyCalls() {
        return policyCalls.get();
    }

    @Override
    public String toString() {
        return "requests=" + requests + " replies=" + replies + " drops=" + drops + " truncations=" + truncations;
    }
}
