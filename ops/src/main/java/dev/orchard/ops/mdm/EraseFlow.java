package dev.orchard.ops.mdm;

import dev.orchard.ops.config.EraseSettings;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The erase flow of every Mac (docs/mdm.md, "The erase flow"): a durable state machine whose state is the
 * newest {@link EraseStep} of each Mac in the journal. Every step is durable before anything leaves: a
 * command's CommandUUID is journaled, then the command goes to the {@link MdmGateway}, so after a restart
 * the flow sends the same command with the same UUID or waits for its answer, never a second, different
 * one. Answers are matched by CommandUUID only: a duplicated or late webhook names a command the flow no
 * longer waits for and changes nothing; a lost acknowledgement of EraseDevice is made up for by the
 * check-in of the re-enrolled Mac, any other lost answer by a timeout ({@link #tick}). A gateway failure
 * it may retry is retried with a doubling delay until {@code erase.answer_timeout}.
 *
 * <p>State changes happen under one lock; sends happen outside it (a slow MDM never blocks a webhook).
 */
public final class EraseFlow implements MdmEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(EraseFlow.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

    private final Journal journal;
    private final MdmGateway gateway;
    private final Supplier<EraseSettings> settings;
    private final EraseMetrics metrics;
    private final AgentPackage agent;
    private final AgentEnrollment enrollment;
    private final DeviceLinks links;
    private final Clock clock;

    private final Map<String, EraseStep> flows = new HashMap<>();
    private final Map<String, Retry> retries = new HashMap<>();
    /** CommandUUIDs being handed to the MDM now: a tick must not send one a second time meanwhile. */
    private final Set<String> sending = new HashSet<>();
    /** Told of every step once it is durable (the erase webhooks): called under the lock, so it must only hand off. */
    private volatile Consumer<EraseStep> journaled = s -> {
    };

    private record Retry(int attempts, Instant at) {
    }

    /** A command to hand to the MDM once the lock is released. */
    private record Send(EraseStep step) {
    }

    public EraseFlow(Journal journal, MdmGateway gateway, Supplier<EraseSettings> settings, EraseMetrics metrics,
                     AgentPackage agent, AgentEnrollment enrollment, DeviceLinks links, Clock clock) {
        this.journal = journal;
        this.gateway = gateway;
        this.settings = settings;
        this.metrics = metrics;
        this.agent = agent;
        this.enrollment = enrollment;
        this.links = links;
        this.clock = clock;
        for (MachineStatus m : journal.machines()) {
            if (m.erase() != null && !EraseSteps.stage(m.erase()).terminal()) {
                flows.put(m.mac(), m.erase());
            }
        }
    }

    /**
     * Picks up every flow the journal holds: a command journaled but maybe never handed over is sent again
     * (same CommandUUID), a step that leads on by itself is taken. Call once after construction.
     */
    public void resume() throws IOException {
        List<Send> sends = new ArrayList<>();
        synchronized (this) {
            for (EraseStep s : List.copyOf(flows.values())) {
                if (s.command() != null && !s.handedOver()) {
                    queue(sends, s);
                } else {
                    advance(s, sends);
                }
            }
        }
        send(sends);
    }

    /**
     * Tells {@code listener} of every step the flow journals, in order, once it is durable — intermediate stages
     * too, which a reader of the journal's latest state could miss. It runs under the flow's lock: it must only
     * hand the step off. Set it before {@link #resume}.
     */
    public void onJournaled(Consumer<EraseStep> listener) {
        this.journaled = listener;
    }

    /** The newest step of a Mac's flow that is still running. */
    public synchronized Optional<EraseStep> active(String mac) {
        return Optional.ofNullable(flows.get(mac));
    }

    /**
     * Starts a flow for a Mac the MDM knows as {@code udid}. The caller ({@link EraseTrigger}) checked the
     * guards; a Mac whose flow is still running is refused here.
     */
    public EraseStep start(String mac, String udid, String workflow) throws IOException {
        List<Send> sends = new ArrayList<>();
        EraseStep first;
        synchronized (this) {
            if (flows.containsKey(mac)) {
                throw new IllegalStateException(mac + " is already being erased (" + flows.get(mac).stage() + ")");
            }
            first = EraseSteps.requested(mac, udid, workflow, clock.instant());
            record(first);
            metrics.requested();
            advance(first, sends);
        }
        send(sends);
        return first;
    }

    @Override
    public void commandResult(String udid, String commandUuid, CommandStatus status, Map<String, Object> response) {
        List<Send> sends = new ArrayList<>();
        try {
            synchronized (this) {
                Optional<EraseStep> waiting = flows.values().stream()
                        .filter(s -> commandUuid != null && commandUuid.equals(s.commandUuid()))
                        // and from the device it was sent to: another enrolled device cannot answer for this Mac
                        .filter(s -> s.udid() == null || s.udid().equals(udid)).findFirst();
                if (waiting.isEmpty()) {
                    LOG.debug("MDM result {} for command {}: no flow waits for it (a duplicate or a late answer)",
                            status, commandUuid);
                    return;
                }
                EraseStep s = waiting.get();
                Optional<EraseStep> next = EraseAnswers.after(s, status, response, clock.instant());
                if (next.isEmpty()) {
                    LOG.info("erase flow: {} answered {} to {}; it will ask again", s.mac(), status, s.command());
                    return;
                }
                take(next.get(), sends);
            }
            send(sends);
        } catch (IOException e) {
            LOG.error("erase flow: cannot record the answer to {}: {}", commandUuid, e.getMessage());
        }
    }

    @Override
    public void checkIn(String udid, CheckInKind kind, Optional<String> serialNumber) {
        List<Send> sends = new ArrayList<>();
        try {
            synchronized (this) {
                Optional<String> mac = links.learn(udid, serialNumber);
                if (kind != CheckInKind.TOKEN_UPDATE || mac.isEmpty() || !flows.containsKey(mac.get())) {
                    return;
                }
                EraseStep s = flows.get(mac.get());
                EraseStage stage = EraseSteps.stage(s);
                // the erased Mac enrolls again: Authenticate, then TokenUpdate, after which it can take commands
                boolean lostAck = stage == EraseStage.ERASE_SENT && s.handedOver();
                if (stage == EraseStage.ERASE_ACKNOWLEDGED || lostAck) {
                    if (lostAck) {
                        metrics.eraseAcknowledged();
                    }
                    take(EraseSteps.to(s, EraseStage.REENROLLED, null, "enrolled again after the erase"
                            + (lostAck ? " (its acknowledgement of EraseDevice never arrived)" : ""), clock.instant()),
                            sends);
                }
            }
            send(sends);
        } catch (IOException e) {
            LOG.error("erase flow: cannot record the check-in of {}: {}", udid, e.getMessage());
        }
    }

    /**
     * Time passes: commands whose send failed are retried when due, answers and Macs that do not come back in
     * time end their flows, and the agent's reports (in the journal) move the flows that wait for them.
     */
    public void tick() throws IOException {
        List<Send> sends = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            EraseSettings set = settings.get();
            for (EraseStep s : List.copyOf(flows.values())) {
                EraseStage stage = EraseSteps.stage(s);
                Optional<EraseStep> over = EraseAnswers.overdue(s, set, now);
                if (over.isPresent()) {
                    take(over.get(), sends);
                } else if (s.command() != null && !s.handedOver()) {
                    Retry retry = retries.get(s.mac());
                    if (!sending.contains(s.commandUuid()) && (retry == null || !retry.at().isAfter(now))) {
                        if (retry != null) {
                            metrics.sendRetried();
                        }
                        queue(sends, s);
                    }
                } else if (stage == EraseStage.AGENT_PACKAGE_SENT || stage == EraseStage.AGENT_REPORTED) {
                    Optional<EraseStep> next = AgentReports.follow(s, journal, set.agentTimeout(), now);
                    if (next.isPresent()) {
                        take(next.get(), sends);
                    }
                }
            }
        }
        send(sends);
    }

    /**
     * Journals a step the flow moved to, counts it, and goes on: its command is queued, or the steps that
     * follow by themselves are taken.
     */
    private void take(EraseStep outcome, List<Send> sends) throws IOException {
        EraseStep current = flows.get(outcome.mac());
        EraseStep next = outcome;
        boolean profileRefused = current != null && EraseSteps.stage(current) == EraseStage.PROFILE_SENT
                && EraseReason.COMMAND_ERROR.wireName().equals(outcome.reason()); // the Mac did not install it
        if (EraseSteps.stage(outcome).terminal() && current != null && EraseSteps.holdsProfile(current)
                && !profileRefused) {
            // the Mac may hold the enrollment profile: its code must not outlive the flow (docs/mdm.md)
            next = EraseSteps.removing(outcome, clock.instant());
        }
        EraseStage stage = EraseSteps.stage(next);
        if (next.reason() != null) {
            LOG.warn("erase flow: {} {}: {}", next.mac(), next.stage(), next.detail());
        }
        record(next);
        if (current != null && EraseSteps.stage(current) == EraseStage.PROFILE_REMOVING && stage.terminal()) {
            // finish() appends a note to the outcome's detail only when the removal was not confirmed
            metrics.agentProfile(next.detail().equals(current.detail()) ? EraseMetrics.AgentProfileStep.REMOVED
                    : EraseMetrics.AgentProfileStep.REMOVAL_UNCONFIRMED);
        }
        if (next.reason() != null && stage.terminal()) {
            metrics.failed(EraseReason.parse(next.reason()));
        } else if (stage == EraseStage.DONE) {
            metrics.done();
        } else if (stage == EraseStage.ERASE_ACKNOWLEDGED) {
            metrics.eraseAcknowledged();
        } else if (stage == EraseStage.REENROLLED) {
            metrics.reenrolled();
        }
        if (next.command() != null && !next.handedOver()) {
            queue(sends, next);
        } else {
            advance(next, sends);
        }
    }

    /** Takes the steps that follow by themselves, journaling each; queues the command of the last. */
    private void advance(EraseStep s, List<Send> sends) throws IOException {
        Optional<EraseStep> next = EraseSteps.next(s, clock.instant());
        while (next.isPresent()) {
            EraseStep n = next.get();
            if (EraseSteps.stage(n) == EraseStage.PROFILE_SENT) {
                // the code's hash is durable before the step that sends it: a restart between the two issues it
                // again (the same code, renewed), never sends a code the server would not know
                enrollment.issue(n.mac(), Optional.ofNullable(n.facts().get(ErasePreflight.SERIAL_NUMBER)),
                        n.flowId(), settings.get().agentCodeTtl());
            }
            record(n);
            if (EraseSteps.stage(n) == EraseStage.DONE) {
                metrics.done();
            }
            if (n.command() != null) {
                queue(sends, n);
                return;
            }
            next = EraseSteps.next(n, clock.instant());
        }
    }

    private void end(EraseStep s, EraseStage stage, EraseReason reason, String detail) throws IOException {
        take(EraseSteps.ended(s, stage, reason, detail, clock.instant()), new ArrayList<>());
    }

    /** Journals a step and waits until it is durable; the in-memory state follows only then. */
    private void record(EraseStep s) throws IOException {
        Durably.append(journal, s, "the erase flow");
        journaled.accept(s);
        if (EraseSteps.stage(s).terminal()) {
            flows.remove(s.mac());
            retries.remove(s.mac());
        } else {
            flows.put(s.mac(), s);
        }
    }

    /** Queues the command of {@code s} for {@link #send}; called under the lock. */
    private void queue(List<Send> sends, EraseStep s) {
        sending.add(s.commandUuid());
        sends.add(new Send(s));
    }

    /** Hands commands to the MDM, outside the lock; then records that it took them, or schedules a retry. */
    private void send(List<Send> sends) {
        for (Send send : sends) {
            EraseStep s = send.step();
            try {
                deliver(s);
            } catch (IOException | RuntimeException e) {
                LOG.error("erase flow: {} {}: {}", s.mac(), s.command(), e.toString());
                synchronized (this) {
                    sending.remove(s.commandUuid());
                }
            }
        }
    }

    private void deliver(EraseStep s) throws IOException {
        MdmRequest request = EraseSteps.request(s, settings.get(), agent, enrollment);
        try {
            gateway.send(s.udid(), s.commandUuid(), request);
        } catch (MdmGatewayException e) {
            failedSend(s, e);
            return;
        } catch (RuntimeException e) {
            failedSend(s, new MdmGatewayException(e.toString(), true, e));
            return;
        }
        synchronized (this) {
            sending.remove(s.commandUuid());
            EraseStep now = flows.get(s.mac());
            retries.remove(s.mac());
            if (EraseSteps.ERASE_DEVICE.equals(s.command())) {
                metrics.eraseSent();
            } else if (EraseSteps.INSTALL_PROFILE.equals(s.command())) {
                metrics.agentProfile(EraseMetrics.AgentProfileStep.SENT);
            }
            // the answer may have come first (a fast MDM): then the flow has moved on and this is stale
            if (now != null && s.commandUuid().equals(now.commandUuid()) && !now.handedOver()) {
                record(EraseSteps.handedOver(now, now.detail()));
            }
        }
    }

    private void failedSend(EraseStep s, MdmGatewayException e) throws IOException {
        synchronized (this) {
            sending.remove(s.commandUuid());
            EraseStep now = flows.get(s.mac());
            if (now == null || !s.commandUuid().equals(now.commandUuid())) {
                return;
            }
            if (!e.retryable() && EraseSteps.stage(now) == EraseStage.PROFILE_REMOVING) {
                take(EraseSteps.finish(now, "the MDM refused RemoveProfile: " + e.getMessage(), clock.instant()),
                        new ArrayList<>());
                return;
            }
            if (!e.retryable()) {
                end(now, EraseStage.FAILED, EraseReason.MDM_REFUSED, "the MDM refused " + s.command() + ": "
                        + e.getMessage());
                return;
            }
            int attempts = retries.containsKey(s.mac()) ? retries.get(s.mac()).attempts() + 1 : 1;
            Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 10));
            delay = delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
            retries.put(s.mac(), new Retry(attempts, clock.instant().plus(delay)));
            LOG.warn("erase flow: {} {}: the MDM is unreachable ({}); attempt {} again in {}", s.mac(), s.command(),
                    e.getMessage(), attempts + 1, delay);
        }
    }
}
