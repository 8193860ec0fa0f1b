package dev.orchard.http.spi;

import java.util.Objects;

/**
 * Everything the HTTP server asks of the outside world, in one value. {@link #standalone()} gives the
 * defaults for serving files on their own (no policies, events discarded, no admin data, no MDM webhook,
 * no multicast, no lab page); {@code ops} replaces each port with its own implementation through the
 * {@code with…} methods.
 */
public record HttpPorts(PlanPort plan, EventsPort events, MachineTokens tokens, AdminPort admin, ReadinessPort readiness, MetricsScrape metricsText, HttpMetrics metrics, MdmWebhookPort mdmWebhook, MulticastPort multicast, LabPagePort labPage, AgentManifestPort agentManifests) {

    public HttpPorts {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metricsText, "metricsText");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(mdmWebhook, "mdmWebhook");
        Objects.requireNonNull(multicast, "multicast");
        Objects.requireNonNull(labPage, "labPage");
        Objects.requireNonNull(agentManifests, "agentManifests");
    }

    public static HttpPorts standalone() {
        return new HttpPorts(PlanPort.NONE, EventsPort.DISCARD, MachineTokens.REJECT_ALL, AdminPort.NONE, Readiness.alwaysReady(), MetricsScrape.EMPTY, NoOpHttpMetrics.INSTANCE, MdmWebhookPort.NONE, MulticastPort.NONE, LabPagePort.NONE, AgentManifestPort.NONE);
    }

    public HttpPorts withPlan(PlanPort value) {
        return new HttpPorts(value, events, tokens, admin, readiness, metricsText, metrics, mdmWebhook, multicast, labPage, agentManifests);
    }

    public HttpPorts withEvents(EventsPort value) {
        return new HttpPorts(plan, value, tokens, admin, readiness, metricsText, metrics, mdmWebhook, multicast, labPage, agentManifests);
    }

    public HttpPorts withTokens(MachineTokens value) {
        return new HttpPorts(plan, events, value, admin, readiness, metricsText, metrics, mdmWebhook, multicast, labPage, agentManifests);
    }

    public HttpPorts withAdmin(AdminPort value) {
        return new HttpPorts(plan, events, tokens, value, readiness, metricsText, metrics, mdmWebhook, multicast, labPage, agentManifests);
    }

    public HttpPorts withReadiness(ReadinessPort value) {
        return new HttpPorts(plan, events, tokens, admin, value, metricsText, metrics, mdmWebhook, multicast, labPage, agentManifests);
    }

    public HttpPorts withMetricsText(MetricsScrape value) {
        return new HttpPorts(plan, events, tokens, admin, readiness, value, metrics, mdmWebhook, multicast, labPage, agentManifests);
    }

    public HttpPorts withMetrics(HttpMetrics value) {
        return new HttpPorts(plan, events, tokens, admin, readiness, metricsText, value, mdmWebhook, multicast, labPage, agentManifests);
    }

    public HttpPorts withMdmWebhook(MdmWebhookPort value) {
        return new HttpPorts(plan, events, tokens, admin, readiness, metricsText, metrics, value, multicast, labPage, agentManifests);
    }

    public HttpPorts withMulticast(MulticastPort value) {
        return new HttpPorts(plan, events, tokens, admin, readiness, metricsText, metrics, mdmWebhook, value, labPage, agentManifests);
    }

    public HttpPorts withLabPage(LabPagePort value) {
        return new HttpPorts(plan, events, tokens, admin, readiness, metricsText, metrics, mdmWebhook, multicast, value, agentManifests);
    }

    public HttpPorts withAgentManifests(AgentManifestPort value) {
        return new HttpPorts(plan, events, tokens, admin, readiness, metricsText, metrics, mdmWebhook, multicast, labPage, value);
    }
}
