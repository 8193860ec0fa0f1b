package dev.orchard.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Every metrics port of the server on one Prometheus registry: the BSDP, TFTP and HTTP ports of the
 * protocol modules, the agent-run metrics and the ops core's (reloads, journal). Creating it registers
 * every meter of {@link OrchardMeters} with every tag value, so a scrape lists all series from the start.
 */
public final class OrchardMetrics {

    private final PrometheusMeterRegistry registry;
    private final MicrometerBsdpMetrics bsdp;
    private final MicrometerTftpMetrics tftp;
    private final MicrometerHttpMetrics http;
    private final MicrometerRunMetrics runs;
    private final MicrometerOpsMetrics ops;
    private final MicrometerAdmissionMetrics admission;
    private final MicrometerMdmMetrics mdm;
    private final MicrometerEraseMetrics erase;
    private final MicrometerWebhookMetrics webhooks;
    private final MicrometerMulticastMetrics multicast;

    public OrchardMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public OrchardMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.bsdp = new MicrometerBsdpMetrics(registry);
        this.tftp = new MicrometerTftpMetrics(registry);
        this.http = new MicrometerHttpMetrics(registry);
        this.runs = new MicrometerRunMetrics(registry);
        this.ops = new MicrometerOpsMetrics(registry);
        this.admission = new MicrometerAdmissionMetrics(registry);
        this.mdm = new MicrometerMdmMetrics(registry);
        this.erase = new MicrometerEraseMetrics(registry);
        this.webhooks = new MicrometerWebhookMetrics(registry);
        this.multicast = new MicrometerMulticastMetrics(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public MicrometerBsdpMetrics bsdp() {
        return bsdp;
    }

    public MicrometerTftpMetrics tftp() {
        return tftp;
    }

    public MicrometerHttpMetrics http() {
        return http;
    }

    public MicrometerRunMetrics runs() {
        return runs;
    }

    public MicrometerOpsMetrics ops() {
        return ops;
    }

    public MicrometerAdmissionMetrics admission() {
        return admission;
    }

    public MicrometerMdmMetrics mdm() {
        return mdm;
    }

    public MicrometerEraseMetrics erase() {
        return erase;
    }

    public MicrometerWebhookMetrics webhooks() {
        return webhooks;
    }

    public MicrometerMulticastMetrics multicast() {
        return multicast;
    }
}
