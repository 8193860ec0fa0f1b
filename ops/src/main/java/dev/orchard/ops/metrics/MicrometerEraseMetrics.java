package dev.orchard.ops.metrics;

import dev.orchard.ops.mdm.EraseMetrics;
import dev.orchard.ops.mdm.EraseMetrics.AgentProfileStep;
import dev.orchard.ops.mdm.EraseReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

import static dev.orchard.ops.metrics.OrchardMeters.tagValue;

/** {@link EraseMetrics} on Micrometer; every series registered up front. */
public final class MicrometerEraseMetrics implements EraseMetrics {

    private final Counter requested;
    private final Counter sent;
    private final Counter acknowledged;
    private final Counter reenrolled;
    private final Counter done;
    private final Counter retries;
    private final Map<EraseReason, Counter> failed = new EnumMap<>(EraseReason.class);
    private final Map<AgentProfileStep, Counter> profiles = new EnumMap<>(AgentProfileStep.class);

    public MicrometerEraseMetrics(MeterRegistry registry) {
        requested = OrchardMeters.ERASE_REQUESTED.counter(registry);
        sent = OrchardMeters.ERASE_SENT.counter(registry);
        acknowledged = OrchardMeters.ERASE_ACKNOWLEDGED.counter(registry);
        reenrolled = OrchardMeters.ERASE_REENROLLED.counter(registry);
        done = OrchardMeters.ERASE_DONE.counter(registry);
        retries = OrchardMeters.ERASE_RETRIES.counter(registry);
        for (AgentProfileStep p : AgentProfileStep.values()) {
            profiles.put(p, OrchardMeters.ERASE_AGENT_PROFILES.counter(registry, "step", tagValue(p)));
        }
        for (EraseReason r : EraseReason.values()) {
            failed.put(r, OrchardMeters.ERASE_FAILED.counter(registry, "reason", tagValue(r)));
        }
    }

    @Override
    public void requested() {
        requested.increment();
    }

    @Override
    public void eraseSent() {
        sent.increment();
    }

    @Override
    public void eraseAcknowledged() {
        acknowledged.increment();
    }

    @Override
    public void reenrolled() {
        reenrolled.increment();
    }

    @Override
    public void done() {
        done.increment();
    }

    @Override
    public void failed(EraseReason reason) {
        failed.get(reason).increment();
    }

    @Override
    public void sendRetried() {
        retries.increment();
    }

    @Override
    public void agentProfile(AgentProfileStep step) {
        profiles.get(step).increment();
    }
}
