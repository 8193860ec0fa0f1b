package dev.orchard.http.spi;

import java.util.Objects;

/**
 * Everything the HTTP server asks of the outside world, in one value. {@link #standalone()} gives the
 * defaults for serving files on their own (no policies, events discarded, no admin data); {@code ops}
 * replaces each port with its own implementation through the {@code with…} methods.
 */
public record HttpPorts(PlanPort plan, EventsPort events, MachineTokens tokens, AdminPort admin,
                        ReadinessPort readiness, MetricsScrape metricsText, HttpMetrics metrics,
                        MdmWebhookPort mdmWebhook, AgentManifestPort agentManifests) {

    public HttpPorts {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metricsText, "metricsText");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(mdmWebhook, "mdmWebhook");
        Objects.requireNonNull(agentManifests, "agentManifests");
    }

    public static HttpPorts standalone() {
        return new HttpPorts(PlanPort.NONE, EventsPort.DISCARD, MachineTokens.REJECT_ALL, AdminPort.NONE,
                Readiness.alwaysReady(), MetricsScrape.EMPTY, NoOpHttpMetrics.INSTANCE, MdmWebhookPort.NONE,
                AgentManifestPort.NONE);
    }

    public HttpPorts withPlan(PlanPort p) {
        return new HttpPorts(p, events, tokens, admin, readiness, metricsText, metrics, mdmWebhook, agentManifests);
    }

    public HttpPorts withEvents(EventsPort e) {
        return new HttpPorts(plan, e, tokens, admin, readiness, metricsText, metrics, mdmWebhook, agentManifests);
    }

    public HttpPorts withTokens(MachineTokens t) {
        return new HttpPorts(plan, events, t, admin, readiness, metricsText, metrics, mdmWebhook, agentManifests);
    }

    public HttpPorts withAdmin(AdminPort a) {
        return new HttpPorts(plan, events, tokens, a, readiness, metricsText, metrics, mdmWebhook, agentManifests);
    }

    public HttpPorts withReadiness(ReadinessPort r) {
        return new HttpPorts(plan, events, tokens, admin, r, metricsText, metrics, mdmWebhook, agentManifests);
    }

    public HttpPorts withMetricsText(MetricsScrape m) {
        return new HttpPorts(plan, events, tokens, admin, readiness, m, metrics, mdmWebhook, agentManifests);
    }

    public HttpPorts withMetrics(HttpMetrics m) {
        return new HttpPorts(plan, events, tokens, admin, readiness, metricsText, m, mdmWebhook, agentManifests);
    }

    public HttpPorts withMdmWebhook(MdmWebhookPort w) {
        return new HttpPorts(plan, events, tokens, admin, readiness, metricsText, metrics, w, agentManifests);
    }

    public HttpPorts withAgentManifests(AgentManifestPort a) {
        return new HttpPorts(plan, events, tokens, admin, readiness, metricsText, metrics, mdmWebhook, a);
    }
}
