package dev.orchard.ops.metrics;

import dev.orchard.http.spi.TokenCheck;
import dev.orchard.http.spi.MulticastStop;
import dev.orchard.ops.admission.AdmissionMetrics;

import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import dev.orchard.http.spi.AdminLoginFailure;
import dev.orchard.http.spi.RejectReason;
import dev.orchard.http.spi.RouteClass;
import dev.orchard.http.spi.StatusClass;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.Stage;
import dev.orchard.ops.spi.MdmMetrics;
import dev.orchard.ops.mdm.EraseReason;
import dev.orchard.ops.spi.ReloadOutcome;
import dev.orchard.ops.webhooks.WebhookMetrics;
import dev.orchard.tftp.spi.PacketRejection;
import dev.orchard.tftp.spi.RefusalReason;
import dev.orchard.tftp.spi.TransferFailure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The catalogue of every meter Orchard exports: name, type, base unit, tags with their closed sets of
 * values (never a MAC or an IP) and what it means. Dashboards and {@code docs/metrics.md} (generated from
 * this list by {@link MetricsDoc}, kept equal by a test) are written against it; a meter not listed here
 * is not exported. Prometheus names follow Micrometer's rules: dots become underscores, counters get
 * {@code _total}, timers {@code _seconds_count/_sum/_max} (and {@code _bucket} when they keep a histogram).
 */
public enum OrchardMeters {

    // ---- BSDP -------------------------------------------------------------------------------------
    BSDP_REQUESTS("orchard.bsdp.requests", Type.COUNTER, null, tagSets("type", BsdpMetrics.RequestType.values()),
            "BSDP INFORMs received (after framing checks), by BSDP message type."),
    BSDP_REPLIES("orchard.bsdp.replies", Type.COUNTER, null, tagSets("type", BsdpMetrics.ReplyType.values()),
            "BSDP replies sent, by type: ack_list (image menu), ack_select (boot this), ack_failed (refused image)."),
    BSDP_DROPPED("orchard.bsdp.dropped", Type.COUNTER, null, tagSets("reason", DropReason.values()),
            "Packets on the BSDP port not answered, by reason (most are protocol-correct silence: not_bsdp, no_image)."),
    BSDP_LIST_TRUNCATED("orchard.bsdp.image.lists.truncated", Type.COUNTER, null, tagSets(),
            "ACK[LIST]s that carried only a prefix of the image list (the Mac's maximum message size was reached)."),
    BSDP_POLICY("orchard.bsdp.policy", Type.TIMER, null, tagSets(),
            "Time the policy took to decide which images a Mac is offered."),

    // ---- TFTP -------------------------------------------------------------------------------------
    TFTP_STARTED("orchard.tftp.transfers.started", Type.COUNTER, null, tagSets(),
            "TFTP read transfers started (booter, kernelcache)."),
    TFTP_TRANSFERS("orchard.tftp.transfers", Type.COUNTER, null, tagSets("result", TftpResult.values()),
            "TFTP transfers ended, by result: completed, failed, size_probe (a UEFI tsize probe ended after the OACK)."),
    TFTP_ACTIVE("orchard.tftp.transfers.active", Type.GAUGE, null, tagSets(),
            "TFTP transfers running now."),
    TFTP_DURATION("orchard.tftp.transfer.duration", Type.TIMER, null, tagSets(),
            "Duration of completed TFTP transfers."),
    TFTP_FAILURES("orchard.tftp.failures", Type.COUNTER, null, tagSets("reason", TransferFailure.values()),
            "TFTP transfers abandoned after they started, by reason."),
    TFTP_REFUSALS("orchard.tftp.refusals", Type.COUNTER, null, tagSets("reason", RefusalReason.values()),
            "TFTP requests refused before any data was sent, by reason (not_found, outside_root, too_many_transfers…)."),
    TFTP_BYTES("orchard.tftp.sent", Type.COUNTER, "bytes", tagSets(),
            "File bytes sent in TFTP DATA packets (first sends and retransmissions)."),
    TFTP_RETRANSMITS("orchard.tftp.retransmits", Type.COUNTER, "packets", tagSets(),
            "TFTP DATA/OACK packets sent again after a timeout (a sign of loss)."),
    TFTP_REJECTED("orchard.tftp.packets.rejected", Type.COUNTER, null, tagSets("reason", PacketRejection.values()),
            "TFTP datagrams dropped or answered with an error, by reason."),
    TFTP_DUPLICATE_ACKS("orchard.tftp.duplicate.acks", Type.COUNTER, null, tagSets(),
            "Duplicate TFTP ACKs ignored (RFC 1123 Sorcerer's Apprentice rule)."),

    // ---- HTTP -------------------------------------------------------------------------------------
    HTTP_REQUESTS("orchard.http.requests", Type.COUNTER, null,
            tagSets("route", RouteClass.values(), "status", StatusClass.values()),
            "HTTP responses by route class (nbi, image, manifest, payload, agent_api, admin_api, operations…) and status class."),
    HTTP_BYTES("orchard.http.sent", Type.COUNTER, "bytes", tagSets("route", RouteClass.values()),
            "HTTP body bytes sent, by route class."),
    HTTP_REJECTED("orchard.http.rejected", Type.COUNTER, null, tagSets("reason", RejectReason.values()),
            "HTTP requests or connections refused, by reason."),
    HTTP_CONNECTIONS("orchard.http.connections", Type.COUNTER, null, tagSets(),
            "HTTP connections accepted."),
    HTTP_ACTIVE("orchard.http.connections.active", Type.GAUGE, null, tagSets(),
            "HTTP connections open now."),
    HTTP_ADMIN_LOGIN_FAILURES("orchard.http.admin.login.failures", Type.COUNTER, null,
            tagSets("reason", AdminLoginFailure.values()),
            "Admin API requests refused for their bearer token: wrong_token (403), throttled (429: the address failed"
                    + " 10 times in a minute and is refused for 5 minutes without its token being compared)."),
    PAGE_STREAM_CPU("orchard.page.stream.cpu", Type.COUNTER, "seconds", tagSets(),
            "Thread CPU time (user and system) the lab page's event streams spent reading the change feed and writing"
                    + " their events: what open lab pages cost the server (garbage collection of what they allocate is"
                    + " not counted). Compare with the process's CPU time (/proc/<pid>/stat)."),

    // ---- plans and agent runs ---------------------------------------------------------------------
    PLANS("orchard.plans", Type.COUNTER, null, tagSets("action", RunAction.planned()),
            "Plans served to agents, by action (none = the 404 'no policy applies' answer)."),
    EVENTS("orchard.events", Type.COUNTER, null, tagSets("stage", Stage.values(), "result", EventResult.values()),
            "Agent events stored (retries of a stored event not counted), by stage and result."),
    RUNS_ACTIVE("orchard.restores.active", Type.GAUGE, null, tagSets("action", RunAction.values()),
            "Agent runs in progress (restore, install or thin; from the first event of a run until its done event)."),
    RUNS_FINISHED("orchard.runs.finished", Type.COUNTER, null,
            tagSets("action", RunAction.values(), "result", RunResult.values()),
            "Agent runs ended: succeeded, failed, or abandoned (no event for " + RunResult.ABANDON_AFTER_TEXT + ")."),
    RESTORE_BYTES("orchard.restore", Type.COUNTER, "bytes", tagSets(),
            "Image bytes agents reported restored and verified (growth of bytesDone in restore events)."),
    STAGE_DURATION("orchard.stage.duration", Type.TIMER, null,
            tagSets("stage", Stage.values(), "result", StageResult.values()),
            "Duration of each agent stage from its started to its succeeded/failed event (histogram: p50/p99)."),
    FAILURES("orchard.failures", Type.COUNTER, null, tagSets("stage", Stage.values(), "reason", FailureReason.values()),
            "Failed agent runs by the stage that failed and why: reported (the agent said so), step (a workflow step), abandoned."),

    // ---- who may have a plan (docs/agent-api.md) ------------------------------------------------------
    AGENT_TICKETS("orchard.agent.tickets", Type.COUNTER, null, tagSets("origin", AdmissionMetrics.TicketOrigin.values()),
            "Tickets issued that let one agent run have its plan: netboot (the Mac's ACK[SELECT]), code (an admin's enrollment code), rerun (an admin's re-run on next boot) or mdm_profile (the code an erase flow sends the Mac in its profile)."),
    AGENT_ADMISSIONS("orchard.agent.admissions", Type.COUNTER, null,
            tagSets("result", AdmissionMetrics.PlanAdmission.values()),
            "Plan requests judged, by result: granted (a new run), resumed (the same run asked again), or why refused."),
    AGENT_TOKENS_REFUSED("orchard.agent.tokens.refused", Type.COUNTER, null,
            tagSets("reason", TokenCheck.Refusal.values()),
            "Agent events refused for their run token: invalid (forged), other_machine, expired, superseded (an older run's)."),

    // ---- the MDM erase flow (docs/mdm.md, "The erase flow") -------------------------------------------
    ERASE_REQUESTED("orchard.erase.requested", Type.COUNTER, null, tagSets(),
            "Erase flows started by an admin's request, one per Mac."),
    ERASE_SENT("orchard.erase.sent", Type.COUNTER, null, tagSets(),
            "EraseDevice commands the MDM took (failed attempts not counted; one in doubt at a restart, sent again, counts again)."),
    ERASE_ACKNOWLEDGED("orchard.erase.acknowledged", Type.COUNTER, null, tagSets(),
            "Erases the Mac acknowledged (or proved by enrolling again when its acknowledgement was lost)."),
    ERASE_REENROLLED("orchard.erase.reenrolled", Type.COUNTER, null, tagSets(),
            "Erased Macs that enrolled again (their TokenUpdate check-in)."),
    ERASE_DONE("orchard.erase.done", Type.COUNTER, null, tagSets(),
            "Erase flows that reached their end: the agent reported its run done, or there was no workflow to run."),
    ERASE_FAILED("orchard.erase.failed", Type.COUNTER, null, tagSets("reason", EraseReason.values()),
            "Erase flows refused, failed or timed out, by reason (no_bootstrap_token, no_eacs, never_came_back…)."),
    ERASE_RETRIES("orchard.erase.command.retries", Type.COUNTER, null, tagSets(),
            "MDM commands sent again after the MDM was unreachable (the same CommandUUID each time)."),
    ERASE_AGENT_PROFILES("orchard.erase.agent.profiles", Type.COUNTER, null,
            tagSets("step", dev.orchard.ops.mdm.EraseMetrics.AgentProfileStep.values()),
            "The agent's enrollment profile (its one-time code): sent (the MDM took InstallProfile), removed (the Mac"
                    + " acknowledged RemoveProfile as the flow ended), removal_unconfirmed."),
    // ---- multicast restore (docs/multicast.md) ------------------------------------------------------
    MULTICAST_SENT("orchard.multicast.sent", Type.COUNTER, "bytes", tagSets(),
            "Datagram bytes the multicast sender handed to the kernel (all streams; IP and UDP headers not counted)."),
    MULTICAST_JOINS("orchard.multicast.joins", Type.COUNTER, null, tagSets(),
            "Receiver announcements accepted (POST /api/v1/multicast/join: the first and every repeat)."),
    MULTICAST_STREAMS_STOPPED("orchard.multicast.streams.stopped", Type.COUNTER, null,
            tagSets("reason", MulticastStop.values()),
            "Multicast streams stopped: idle (nobody announced within idle_stop), image_error, shutdown."),
    MULTICAST_RECEIVED("orchard.multicast.received", Type.COUNTER, "bytes",
            tagSets("path", MicrometerMulticastMetrics.Path.values()),
            "Image bytes agents reported restored, by path: multicast (from the stream) or repair (HTTP ranges)."),
    MULTICAST_FALLBACKS("orchard.multicast.fallbacks", Type.COUNTER, null,
            tagSets("reason", MicrometerMulticastMetrics.FALLBACK_REASONS),
            "Agents that restored over HTTP alone, by the reason they reported: not_offered, join_failed, nothing_received."),
    MULTICAST_RATE("orchard.multicast.send.bitrate", Type.GAUGE, null, tagSets(),
            "The multicast sender's total rate now, bit/s (all streams share it; IP and UDP headers counted): rate_mbit, or less while receivers report loss (AIMD)."),

    // ---- configuration and journal ----------------------------------------------------------------
    CONFIG_RELOADS("orchard.config.reloads", Type.COUNTER, null, tagSets("result", ReloadOutcome.values()),
            "Configuration reload attempts by result: applied, unchanged, rejected (a rejected reload keeps the"
                    + " previous configuration serving)."),
    JOURNAL_RECORDS("orchard.journal.records", Type.COUNTER, "records", tagSets(),
            "Records made durable in the status journal."),
    JOURNAL_FSYNC("orchard.journal.fsync", Type.TIMER, null, tagSets(),
            "Duration of each group-commit fsync; count = number of journal commits."),
    JOURNAL_DUPLICATES("orchard.journal.duplicates", Type.COUNTER, "records", tagSets(),
            "Retried agent events acknowledged without being stored twice (same MAC, run id and seq)."),
    JOURNAL_DISCARDED("orchard.journal.discarded", Type.COUNTER, "bytes", tagSets(),
            "Bytes of a torn or damaged tail cut off the journal at start (never acknowledged)."),
    JOURNAL_COMPACTIONS("orchard.journal.compactions", Type.COUNTER, null, tagSets(),
            "Compactions of sealed journal segments."),

    // ---- the MDM driver (docs/mdm.md) ---------------------------------------------------------------
    MDM_COMMANDS("orchard.mdm.commands", Type.COUNTER, null,
            tagSets("command", MdmMetrics.Command.values(), "outcome", MdmMetrics.Outcome.values()),
            "Commands handed to the MDM (NanoMDM), by Apple command and outcome: sent (queued and pushed),"
                    + " queued_not_pushed, mdm_unavailable (retryable), refused."),
    MDM_WEBHOOKS("orchard.mdm.webhooks", Type.COUNTER, null, tagSets("outcome", MdmMetrics.Webhook.values()),
            "Webhook POSTs from the MDM, by outcome: command_report, check_in, ignored, unauthenticated (wrong or"
                    + " no signature), malformed."),
    // ---- webhooks (docs/webhooks.md) ----------------------------------------------------------------
    WEBHOOK_DELIVERIES("orchard.webhook.deliveries", Type.COUNTER, null,
            tagSets("outcome", WebhookMetrics.Outcome.values()),
            "Webhook deliveries that left the outbox: delivered (2xx), expired (give_up_hours), dropped (max_pending"
                    + " reached: the oldest goes), unconfigured (its receiver was removed before a restart)."),
    WEBHOOK_ATTEMPTS("orchard.webhook.attempts", Type.COUNTER, null, tagSets("result", WebhookMetrics.Attempt.values()),
            "Webhook POSTs by result: ok, http_error (non-2xx), unreachable (no connection), timeout; all but ok are retried."),
    WEBHOOK_PENDING("orchard.webhook.pending", Type.GAUGE, null, tagSets(),
            "Webhook deliveries waiting in the outbox now, over every receiver.");

    /** Meter kinds, as Micrometer registers them. */
    public enum Type {
        COUNTER, TIMER, GAUGE, DISTRIBUTION_SUMMARY
    }

    private final String meterName;
    private final Type type;
    private final String baseUnit;
    private final Map<String, List<String>> tags;
    private final String description;

    OrchardMeters(String meterName, Type type, String baseUnit, Map<String, List<String>> tags, String description) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.tags = tags;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public Type type() {
        return type;
    }

    /** Null when the meter counts events. */
    public String baseUnit() {
        return baseUnit;
    }

    public List<String> tagKeys() {
        return List.copyOf(tags.keySet());
    }

    /** Each tag key with its closed set of values, in order. */
    public Map<String, List<String>> tags() {
        return tags;
    }

    public String description() {
        return description;
    }

    /** Registers (or finds) this counter with the given tag key/value pairs. */
    public Counter counter(MeterRegistry registry, String... tagPairs) {
        require(Type.COUNTER);
        return Counter.builder(meterName).description(description).baseUnit(baseUnit).tags(tagPairs).register(registry);
    }

    /** Registers this timer without a histogram. */
    public Timer timer(MeterRegistry registry, String... tagPairs) {
        return timer(registry, List.of(), tagPairs);
    }

    /**
     * Registers this timer; with {@code buckets}, a histogram with those upper bounds (few, fixed buckets
     * rather than Micrometer's ~70 default ones, to keep the series count small) for {@code histogram_quantile}.
     */
    public Timer timer(MeterRegistry registry, List<Duration> buckets, String... tagPairs) {
        require(Type.TIMER);
        Timer.Builder b = Timer.builder(meterName).description(description).tags(tagPairs);
        if (!buckets.isEmpty()) {
            b.serviceLevelObjectives(buckets.toArray(Duration[]::new));
        }
        return b.register(registry);
    }

    /** Registers this gauge, holding {@code state} strongly (Micrometer holds gauges' objects weakly by default). */
    public <T> Gauge gauge(MeterRegistry registry, T state, ToDoubleFunction<T> value, String... tagPairs) {
        require(Type.GAUGE);
        return Gauge.builder(meterName, state, value).description(description).baseUnit(baseUnit).tags(tagPairs)
                .strongReference(true).register(registry);
    }

    private void require(Type t) {
        if (type != t) {
            throw new IllegalStateException(this + " is a " + type + ", not a " + t);
        }
    }

    /** The tag value of a closed-enum constant: its name in lower case ({@code ACK_LIST} → {@code ack_list}). */
    public static String tagValue(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, List<String>> tagSets(Object... keyAndValues) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < keyAndValues.length; i += 2) {
            Enum<?>[] values = (Enum<?>[]) keyAndValues[i + 1];
            m.put((String) keyAndValues[i], Arrays.stream(values).map(OrchardMeters::tagValue).toList());
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** How a TFTP transfer ended (tag {@code result} of {@link #TFTP_TRANSFERS}). */
    public enum TftpResult { COMPLETED, FAILED, SIZE_PROBE }

    /** How a timed stage ended. */
    public enum StageResult { SUCCEEDED, FAILED }

    /** Why a run counts as failed. */
    public enum FailureReason {
        /** The agent reported the stage failed. */
        REPORTED,
        /** A workflow step failed. */
        STEP,
        /** No event arrived for a long time: the Mac was switched off, lost the network, or hung. */
        ABANDONED
    }

    /** How an agent run ended. */
    public enum RunResult {
        SUCCEEDED, FAILED, ABANDONED;

        static final String ABANDON_AFTER_TEXT = "2 hours";
    }

    /** What an agent run does: the action of the last plan its Mac was served ({@code unknown} when none was). */
    public enum RunAction {
        RESTORE, INSTALL, THIN, NONE, UNKNOWN;

        static RunAction[] planned() {
            return new RunAction[] {RESTORE, INSTALL, THIN, NONE};
        }
    }
}
