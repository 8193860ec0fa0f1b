package dev.orchard.ops.metrics;

import dev.orchard.http.spi.TokenCheck;
import dev.orchard.ops.admission.AdmissionMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

import static dev.orchard.ops.metrics.OrchardMeters.tagValue;

/** {@link AdmissionMetrics} on Micrometer; every series registered up front. */
public final class MicrometerAdmissionMetrics implements AdmissionMetrics {

    private final Map<TicketOrigin, Counter> tickets = new EnumMap<>(TicketOrigin.class);
    private final Map<PlanAdmission, Counter> admissions = new EnumMap<>(PlanAdmission.class);
    private final Map<TokenCheck.Refusal, Counter> refusals = new EnumMap<>(TokenCheck.Refusal.class);

    public MicrometerAdmissionMetrics(MeterRegistry registry) {
        for (TicketOrigin o : TicketOrigin.values()) {
            tickets.put(o, OrchardMeters.AGENT_TICKETS.counter(registry, "origin", tagValue(o)));
        }
        for (PlanAdmission a : PlanAdmission.values()) {
            admissions.put(a, OrchardMeters.AGENT_ADMISSIONS.counter(registry, "result", tagValue(a)));
        }
        for (TokenCheck.Refusal r : TokenCheck.Refusal.values()) {
            refusals.put(r, OrchardMeters.AGENT_TOKENS_REFUSED.counter(registry, "reason", tagValue(r)));
        }
    }

    @Override
    public void ticketIssued(TicketOrigin origin) {
        tickets.get(origin).increment();
    }

    @Override
    public void planAdmission(PlanAdmission result) {
        admissions.get(result).increment();
    }

    @Override
    public void tokenRefused(TokenCheck.Refusal reason) {
        refusals.get(reason).increment();
    }
}
