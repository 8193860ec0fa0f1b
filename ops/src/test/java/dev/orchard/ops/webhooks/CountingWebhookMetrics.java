package dev.orchard.ops.webhooks;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the webhooks report, for assertions. */
final class CountingWebhookMetrics implements WebhookMetrics {

    private final Map<Attempt, AtomicLong> attempts = new EnumMap<>(Attempt.class);
    private final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
    private final AtomicLong pending = new AtomicLong();

    CountingWebhookMetrics() {
        for (Attempt a : Attempt.values()) {
            attempts.put(a, new AtomicLong());
        }
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new AtomicLong());
        }
    }

    @Override
    public void attempted(Attempt attempt) {
        attempts.get(attempt).incrementAndGet();
    }

    @Override
    public void settled(Outcome outcome) {
        outcomes.get(outcome).incrementAndGet();
    }

    @Override
    public void pending(long deliveries) {
        pending.set(deliveries);
    }

    long attempts(Attempt a) {
        return attempts.get(a).get();
    }

    long outcomes(Outcome o) {
        return outcomes.get(o).get();
    }

    long pending() {
        return pending.get();
    }
}
