package dev.orchard.ops.metrics;

import dev.orchard.ops.webhooks.WebhookMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@link WebhookMetrics} on a Micrometer registry; every series registered once, here, at zero. */
public final class MicrometerWebhookMetrics implements WebhookMetrics {

    private final Map<Outcome, Counter> settled = new EnumMap<>(Outcome.class);
    private final Map<Attempt, Counter> attempts = new EnumMap<>(Attempt.class);
    private final AtomicLong pending = new AtomicLong();

    public MicrometerWebhookMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            settled.put(o, OrchardMeters.WEBHOOK_DELIVERIES.counter(registry, "outcome", OrchardMeters.tagValue(o)));
        }
        for (Attempt a : Attempt.values()) {
            attempts.put(a, OrchardMeters.WEBHOOK_ATTEMPTS.counter(registry, "result", OrchardMeters.tagValue(a)));
        }
        OrchardMeters.WEBHOOK_PENDING.gauge(registry, pending, AtomicLong::get);
    }

    @Override
    public void attempted(Attempt attempt) {
        attempts.get(attempt).increment();
    }

    @Override
    public void settled(Outcome outcome) {
        settled.get(outcome).increment();
    }

    @Override
    public void pending(long deliveries) {
        pending.set(deliveries);
    }
}
