package dev.orchard.ops.metrics;

import dev.orchard.http.spi.MulticastFallback;
import dev.orchard.http.spi.MulticastMetrics;
import dev.orchard.http.spi.MulticastStop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.orchard.ops.metrics.OrchardMeters.tagValue;

/** {@link MulticastMetrics} on Micrometer; every series registered up front, tags from closed enums only. */
public final class MicrometerMulticastMetrics implements MulticastMetrics {

    /** Where a receiver's bytes came from. */
    public enum Path { MULTICAST, REPAIR }

    /** The fallback reasons counted ({@code none} is not a fallback). */
    static final MulticastFallback[] FALLBACK_REASONS = {MulticastFallback.NOT_OFFERED, MulticastFallback.JOIN_FAILED,
            MulticastFallback.NOTHING_RECEIVED};

    private final Counter sent;
    private final Counter joins;
    private final Map<MulticastStop, Counter> stopped = new EnumMap<>(MulticastStop.class);
    private final Map<Path, Counter> received = new EnumMap<>(Path.class);
    private final Map<MulticastFallback, Counter> fallbacks = new EnumMap<>(MulticastFallback.class);
    private final AtomicLong rate = new AtomicLong();

    public MicrometerMulticastMetrics(MeterRegistry registry) {
        sent = OrchardMeters.MULTICAST_SENT.counter(registry);
        joins = OrchardMeters.MULTICAST_JOINS.counter(registry);
        for (MulticastStop s : MulticastStop.values()) {
            stopped.put(s, OrchardMeters.MULTICAST_STREAMS_STOPPED.counter(registry, "reason", tagValue(s)));
        }
        for (Path p : Path.values()) {
            received.put(p, OrchardMeters.MULTICAST_RECEIVED.counter(registry, "path", tagValue(p)));
        }
        for (MulticastFallback f : FALLBACK_REASONS) {
            fallbacks.put(f, OrchardMeters.MULTICAST_FALLBACKS.counter(registry, "reason", tagValue(f)));
        }
        OrchardMeters.MULTICAST_RATE.gauge(registry, rate, AtomicLong::doubleValue);
    }

    @Override
    public void rateChanged(long bitsPerSecond) {
        rate.set(bitsPerSecond);
    }

    @Override
    public void bytesSent(long bytes) {
        sent.increment(bytes);
    }

    @Override
    public void receiverJoined() {
        joins.increment();
    }

    @Override
    public void streamStarted() {
        // the running streams show in the sent bytes; a start alone is not worth a series
    }

    @Override
    public void streamStopped(MulticastStop why) {
        stopped.get(why).increment();
    }

    @Override
    public void receiverFinished(long multicastBytes, long repairBytes, MulticastFallback fallback) {
        received.get(Path.MULTICAST).increment(multicastBytes);
        received.get(Path.REPAIR).increment(repairBytes);
        Counter c = fallbacks.get(fallback);
        if (c != null) {
            c.increment();
        }
    }
}
