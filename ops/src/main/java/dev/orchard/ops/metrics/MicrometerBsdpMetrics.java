package dev.orchard.ops.metrics;

import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link BsdpMetrics} on Micrometer. Every series is registered in the constructor (tag values from the
 * port's closed enums), so recording is a map lookup and an add; a failure to record is swallowed: a
 * metric never costs a Mac its answer.
 */
public final class MicrometerBsdpMetrics implements BsdpMetrics {

    private final Map<RequestType, Counter> requests = new EnumMap<>(RequestType.class);
    private final Map<ReplyType, Counter> replies = new EnumMap<>(ReplyType.class);
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Counter truncated;
    private final Timer policy;

    public MicrometerBsdpMetrics(MeterRegistry registry) {
        for (RequestType t : RequestType.values()) {
            requests.put(t, OrchardMeters.BSDP_REQUESTS.counter(registry, "type", OrchardMeters.tagValue(t)));
        }
        for (ReplyType t : ReplyType.values()) {
            replies.put(t, OrchardMeters.BSDP_REPLIES.counter(registry, "type", OrchardMeters.tagValue(t)));
        }
        for (DropReason r : DropReason.values()) {
            dropped.put(r, OrchardMeters.BSDP_DROPPED.counter(registry, "reason", OrchardMeters.tagValue(r)));
        }
        truncated = OrchardMeters.BSDP_LIST_TRUNCATED.counter(registry);
        policy = OrchardMeters.BSDP_POLICY.timer(registry);
    }

    @Override
    public void requestReceived(RequestType type) {
        Guard.run(() -> requests.get(type).increment());
    }

    @Override
    public void replySent(ReplyType type) {
        Guard.run(() -> replies.get(type).increment());
    }

    @Override
    public void requestDropped(DropReason reason) {
        Guard.run(() -> dropped.get(reason).increment());
    }

    @Override
    public void imageListTruncated() {
        Guard.run(truncated::increment);
    }

    @Override
    public void policyAnswered(long nanos) {
        Guard.run(() -> policy.record(nanos, TimeUnit.NANOSECONDS));
    }
}
