package dev.orchard.ops.metrics;

import dev.orchard.ops.spi.MdmMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

import static dev.orchard.ops.metrics.OrchardMeters.tagValue;

/** {@link MdmMetrics} on Micrometer; every series is registered in the constructor. */
public final class MicrometerMdmMetrics implements MdmMetrics {

    private final Map<Command, Map<Outcome, Counter>> commands = new EnumMap<>(Command.class);
    private final Map<Webhook, Counter> webhooks = new EnumMap<>(Webhook.class);

    public MicrometerMdmMetrics(MeterRegistry registry) {
        for (Command c : Command.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, OrchardMeters.MDM_COMMANDS.counter(registry, "command", tagValue(c), "outcome",
                        tagValue(o)));
            }
            commands.put(c, byOutcome);
        }
        for (Webhook w : Webhook.values()) {
            webhooks.put(w, OrchardMeters.MDM_WEBHOOKS.counter(registry, "outcome", tagValue(w)));
        }
    }

    @Override
    public void commandSent(Command command, Outcome outcome) {
        commands.get(command).get(outcome).increment();
    }

    @Override
    public void webhookReceived(Webhook outcome) {
        webhooks.get(outcome).increment();
    }
}
