package dev.orchard.ops.admission;

import dev.orchard.http.spi.AgentCredentials;
import dev.orchard.http.spi.MachineTokens;
import dev.orchard.http.spi.TokenCheck;
import dev.orchard.ops.admission.AdmissionMetrics.PlanAdmission;
import dev.orchard.ops.admission.AdmissionMetrics.TicketOrigin;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.RerunRequested;
import dev.orchard.ops.journal.RunGranted;
import dev.orchard.ops.journal.TicketIssued;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Who may have a Mac's plan, and whose events count (docs/agent-api.md, "Who may have a plan"). A Mac's
 * agent gets its plan only by claiming a ticket: the one its netboot left (the ACK[SELECT] this server
 * sent to the Mac's address, usable from that address for {@link AdmissionSettings#netbootTicket()}),
 * or an enrollment code an admin issued. Claiming starts a run: a random run id and a run token, the
 * only credential its events are accepted with; a newer run makes older tokens worthless. The claim is
 * the agent's own random secret, so the agent can ask again (a lost answer, a restart: it gets a new
 * run that supersedes its earlier one) while nobody else can claim the ticket after it. On a directly connected network the request must also
 * come from the Mac's network card ({@link NeighbourTable}).
 *
 * <p>All state is in the journal (tickets, grants), so a restart forgets nothing; a grant is durable
 * before its plan is answered. Requests for one Mac are judged one at a time.
 */
public final class AgentAdmission implements MachineTokens {

    private static final Logger LOG = LoggerFactory.getLogger(AgentAdmission.class);
    private static final Duration DURABLE_WITHIN = Duration.ofSeconds(10);

    /** How a plan request was judged. */
    public sealed interface Admission {
        /** Let in: a new run and its token; {@code resumed} when it follows the Mac's current run. */
        record Admitted(String runId, String token, boolean resumed) implements Admission {
        }

        /** Not let in: 403 or 409 with a reason for the agent's log. */
        record Refused(int status, String reason, PlanAdmission why) implements Admission {
        }
    }

    /** An enrollment code as issued: the code is shown once and stored only as a hash. */
    public record IssuedCode(String mac, String code, String address, Instant expiresAt) {
    }

    /** How long a plan request waits for its Mac's netboot ticket to be stored (an fsync under load). */
    static final Duration NETBOOT_STORE_WAIT = Duration.ofSeconds(5);

    private final Journal journal;
    private final RunTokens tokens;
    private final AdmissionSettings settings;
    private final NeighbourTable neighbours;
    private final AdmissionMetrics metrics;
    private final Clock clock;
    private final Object[] stripes = new Object[64];
    /**
     * Netboot tickets handed to the journal and not yet stored, by MAC: a plan request for that Mac waits for its
     * ticket (bounded) instead of being refused because the group commit's fsync has not finished — under load the
     * agent of a simulated Mac, or a fast real one, can ask within a few hundred milliseconds of its ACK[SELECT].
     */
    private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.CompletableFuture<?>> pendingNetboots =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final byte[] secret;

    public AgentAdmission(Journal journal, byte[] secret, AdmissionSettings settings, NeighbourTable neighbours,
                          AdmissionMetrics metrics, Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.tokens = new RunTokens(secret);
        this.secret = secret.clone();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.neighbours = Objects.requireNonNull(neighbours, "neighbours");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * The BSDP server sent {@code mac} its ACK[SELECT] at {@code address}: its agent may claim a plan from
     * there. Written to the journal without waiting (the Mac needs minutes to boot its NBI).
     */
    public void netbooted(String mac, InetAddress address) {
        TicketIssued t = new TicketIssued(mac, Secrets.randomHex(16), address.getHostAddress(),
                TicketIssued.NETBOOT, null, clock.instant().plus(settings.netbootTicket()), null, null);
        metrics.ticketIssued(TicketOrigin.NETBOOT);
        String key = MacAddress.parse(mac).toString();
        java.util.concurrent.CompletableFuture<?> stored = journal.append(t);
        pendingNetboots.put(key, stored);
        stored.whenComplete((ok, e) -> {
            pendingNetboots.remove(key, stored);
            if (e != null) {
                LOG.warn("could not journal the netboot ticket of {}: {}", t.mac(), e.toString());
            }
        });
    }

    /** Waits (at most {@link #NETBOOT_STORE_WAIT}) for a netboot ticket of {@code mac} still on its way to disk. */
    private void awaitPendingNetboot(String mac) {
        java.util.concurrent.CompletableFuture<?> pending = pendingNetboots.get(mac);
        if (pending == null) {
            return;
        }
        try {
            pending.get(NETBOOT_STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // judged on what is stored: a ticket that could not be journaled admits nobody
        }
    }

    /**
     * An enrollment code for one agent run of {@code mac} (durable when this returns), bound to
     * {@code address} when given; {@code ttl} defaults to {@link AdmissionSettings#enrollmentCode()}.
     */
    public IssuedCode issueCode(String mac, Optional<InetAddress> address, Optional<Duration> ttl) throws IOException {
        String code = Secrets.randomCode();
        Instant expires = clock.instant().plus(ttl.orElse(settings.enrollmentCode()));
        String codeHash = Secrets.sha256Hex(code);
        TicketIssued t = new TicketIssued(mac, ticketId(codeHash), address.map(InetAddress::getHostAddress).orElse(null),
                TicketIssued.CODE, codeHash, expires, null, null);
        durable(t);
        metrics.ticketIssued(TicketOrigin.CODE);
        LOG.info("enrollment code issued for {} ({}), valid until {}", t.mac(),
                t.address() == null ? "any address" : "from " + t.address(), expires);
        return new IssuedCode(t.mac(), code, t.address(), expires);
    }

    /**
     * An admin's "re-run on next boot" of {@code mac} (docs/rerun.md), durable when this returns: the Mac's next
     * run — the one its next netboot starts, or an agent started again from the address of its last run — is let
     * in and consumes the mark. Valid for {@link AdmissionSettings#enrollmentCode()}; a newer request replaces it.
     */
    public RerunRequested requestRerun(String mac, String by) throws IOException {
        String m = MacAddress.parse(mac).toString();
        String address = journal.machine(MacAddress.parse(m)).map(MachineStatus::grant).map(RunGranted::address)
                .orElse(null);
        RerunRequested asked = new RerunRequested(m, Secrets.randomHex(16), by, address,
                clock.instant().plus(settings.enrollmentCode()), null);
        durable(asked);
        RerunRequested r = journal.machine(MacAddress.parse(m)).map(MachineStatus::rerun)
                .filter(j -> j.id().equals(asked.id())).orElse(asked); // the journaled copy has its receive time
        metrics.ticketIssued(TicketOrigin.RERUN);
        LOG.info("re-run on next boot requested for {} by {} ({}), until {}", m, by,
                address == null ? "by a netboot only: it never ran an agent" : "or an agent from " + address,
                r.expiresAt());
        return r;
    }

    /**
     * The one-time enrollment code of one erase flow of {@code mac} (docs/mdm.md, "Letting the agent in"): derived
     * from the server secret, the MAC and the flow, so the flow can put the very same code in a command it sends
     * again after a restart without the code ever being stored; only its hash is journaled ({@link #issueFlowCode}).
     */
    public String flowCode(String mac, String flowId) {
        return Secrets.derivedCode(secret, "orchard erase-flow agent code\0" + MacAddress.parse(mac) + "\0" + flowId);
    }

    /**
     * Journals (durable when this returns) the ticket of {@link #flowCode}: usable once, by {@code mac} only, from
     * any address (an erased Mac's address is not known in advance), until {@code ttl} from now, and only by a plan
     * request naming {@code serial} when it is known. Issuing it again before it is used renews it (the same
     * ticket); the flow issues it once, when it enters the stage that sends it.
     */
    public void issueFlowCode(String mac, Optional<String> serial, String flowId, Duration ttl) throws IOException {
        String codeHash = Secrets.sha256Hex(flowCode(mac, flowId));
        Instant expires = clock.instant().plus(ttl);
        TicketIssued t = new TicketIssued(mac, ticketId(codeHash), null, TicketIssued.CODE, codeHash, expires, null,
                serial.orElse(null));
        durable(t);
        metrics.ticketIssued(TicketOrigin.MDM_PROFILE);
        LOG.info("enrollment code of an erase flow issued for {}{}, valid until {}", t.mac(),
                t.serial() == null ? "" : " (serial " + t.serial() + ")", expires);
    }

    /** A code ticket's id follows from its code, so a refusal can tell a used code from an unknown one. */
    private static String ticketId(String codeHash) {
        return Secrets.sha256Hex("ticket\0" + codeHash).substring(0, 32);
    }

    /** Judges a plan request for {@code mac} from {@code from}; a new run is durable before this returns. */
    public Admission admit(String mac, InetAddress from, AgentCredentials credentials) throws IOException {
        return admit(mac, Optional.empty(), from, credentials);
    }

    /** As {@link #admit(String, InetAddress, AgentCredentials)}, the request naming the Mac's {@code serial}. */
    public Admission admit(String mac, Optional<String> serial, InetAddress from, AgentCredentials credentials)
            throws IOException {
        String m = MacAddress.parse(mac).toString();
        awaitPendingNetboot(m);
        synchronized (stripes[Math.floorMod(m.hashCode(), stripes.length)]) {
            Admission a = judge(m, serial, from, credentials);
            if (a instanceof Admission.Refused r) {
                metrics.planAdmission(r.why());
                LOG.warn("plan for {} refused to {}: {}", m, from.getHostAddress(), r.reason());
            } else {
                metrics.planAdmission(((Admission.Admitted) a).resumed() ? PlanAdmission.RESUMED : PlanAdmission.GRANTED);
            }
            return a;
        }
    }

    private Admission judge(String mac, Optional<String> serial, InetAddress from, AgentCredentials c)
            throws IOException {
        Instant now = clock.instant();
        Optional<MachineStatus> status = journal.machine(MacAddress.parse(mac));
        RunGranted current = status.map(MachineStatus::grant).orElse(null);
        if (c.bearer().isPresent()) {
            TokenCheck check = check(mac, c.bearer().get(), now, current);
            if (check instanceof TokenCheck.Valid) {
                return regrant(current, from.getHostAddress(), now, "its run token");
            }
            return new Admission.Refused(403, ((TokenCheck.Refused) check).reason().message(), PlanAdmission.BAD_TOKEN);
        }
        if (c.claim().isEmpty()) {
            return new Admission.Refused(403, "send X-Orchard-Claim (a random secret of this agent run) or the run's"
                    + " token to have a plan: agents older than plan version 2 cannot be let in",
                    PlanAdmission.NO_CREDENTIALS);
        }
        String claimHash = Secrets.sha256Hex(c.claim().get());
        if (current != null && current.claimHash().equals(claimHash) && now.isBefore(current.expiresAt())) {
            return regrant(current, from.getHostAddress(), now, "its claim");
        }
        Optional<String> hardware = settings.checkHardware() ? neighbours.hardwareAddress(from) : Optional.empty();
        if (hardware.isPresent() && !hardware.get().equals(mac)) {
            return new Admission.Refused(403, from.getHostAddress() + " is the address of network card "
                    + hardware.get() + ", not of " + mac, PlanAdmission.WRONG_HARDWARE);
        }
        List<TicketIssued> open = status.map(MachineStatus::openTickets).orElse(List.of()).stream()
                .filter(t -> now.isBefore(t.expiresAt())).toList();
        String address = from.getHostAddress();
        Optional<TicketIssued> ticket;
        if (c.ticket().isPresent()) {
            String codeHash = Secrets.sha256Hex(c.ticket().get());
            ticket = open.stream().filter(t -> TicketIssued.CODE.equals(t.origin()) && t.codeHash().equals(codeHash)
                    && (t.address() == null || t.address().equals(address))).findFirst();
            if (ticket.isEmpty()) {
                return CodeRefusals.why(journal, mac, address, codeHash, ticketId(codeHash), status, current, now);
            }
            if (ticket.get().serial() != null && !serial.filter(ticket.get().serial()::equalsIgnoreCase).isPresent()) {
                return new Admission.Refused(403, "this enrollment code of " + mac + " is bound to serial "
                        + ticket.get().serial() + ", and the request named " + serial.orElse("none"),
                        PlanAdmission.CODE_OTHER_MACHINE);
            }
        } else {
            ticket = open.stream().filter(t -> TicketIssued.NETBOOT.equals(t.origin()) && t.address().equals(address))
                    .max(Comparator.comparing(TicketIssued::expiresAt));
            if (ticket.isEmpty()) {
                RerunRequested rerun = status.map(MachineStatus::rerun).orElse(null);
                if (rerun != null && address.equals(rerun.address()) && now.isBefore(rerun.expiresAt())) {
                    // the admin's mark stands in for a netboot ticket from the same address (same neighbour check)
                    RunGranted g = newRun(mac, rerun.id(), claimHash, address, now);
                    LOG.info("agent run {} of {} let in from {} by the re-run requested at {}; token valid until {}",
                            g.runId(), mac, address, rerun.receivedAt(), g.expiresAt());
                    return new Admission.Admitted(g.runId(), tokens.mint(mac, g.runId(), g.expiresAt()), false);
                }
                return noTicket(mac, address, current, now);
            }
        }
        return grant(mac, ticket.get(), claimHash, address, now);
    }

    /** Tells "already claimed" (the ticket's run exists) from "never netbooted" for the agent's log. */
    private Admission noTicket(String mac, String address, RunGranted current, Instant now) {
        if (current != null && address.equals(current.address())
                && current.receivedAt() != null && current.receivedAt().isAfter(now.minus(settings.netbootTicket()))) {
            return new Admission.Refused(409, "the plan of this netboot of " + mac + " was already given to another"
                    + " agent run (at " + current.receivedAt() + "); netboot the Mac again, or issue an enrollment code",
                    PlanAdmission.ALREADY_CLAIMED);
        }
        return new Admission.Refused(403, mac + " has not netbooted from this server at " + address + " in the last "
                + settings.netbootTicket().toMinutes() + " minutes, and no enrollment code was sent"
                + " (X-Orchard-Ticket; `orchard ticket --mac " + mac + "`)", PlanAdmission.NO_TICKET);
    }

    private Admission grant(String mac, TicketIssued ticket, String claimHash, String address, Instant now)
            throws IOException {
        RunGranted g = newRun(mac, ticket.id(), claimHash, address, now);
        LOG.info("agent run {} of {} let in from {} by its {} ticket; token valid until {}", g.runId(), mac, address,
                ticket.origin(), g.expiresAt());
        return new Admission.Admitted(g.runId(), tokens.mint(mac, g.runId(), g.expiresAt()), false);
    }

    /**
     * The agent of the current run asks again (its answer was lost, it restarted, or an install's first
     * boot continues with the run token): a new run on the same ticket. Its events start their counter
     * again, so they must not share a run id with the earlier ones (the journal would take them for
     * retries); the earlier run's token is superseded.
     */
    private Admission regrant(RunGranted current, String address, Instant now, String by) throws IOException {
        RunGranted g = newRun(current.mac(), current.ticketId(), current.claimHash(), address, now);
        LOG.info("agent run {} of {} follows run {} (asked again from {} with {})", g.runId(), g.mac(),
                current.runId(), address, by);
        return new Admission.Admitted(g.runId(), tokens.mint(g.mac(), g.runId(), g.expiresAt()), true);
    }

    private RunGranted newRun(String mac, String ticketId, String claimHash, String address, Instant now)
            throws IOException {
        RunGranted g = new RunGranted(mac, Secrets.randomHex(16), ticketId, claimHash, address, now.plus(settings.run()),
                null);
        durable(g);
        return g;
    }

    @Override
    public TokenCheck verify(String mac, String token) {
        String m;
        try {
            m = MacAddress.parse(mac).toString();
        } catch (IllegalArgumentException e) {
            return refusedToken(TokenCheck.Refusal.INVALID);
        }
        RunGranted current = journal.machine(MacAddress.parse(m)).map(MachineStatus::grant).orElse(null);
        TokenCheck check = check(m, token, clock.instant(), current);
        if (check instanceof TokenCheck.Refused r) {
            metrics.tokenRefused(r.reason());
        }
        return check;
    }

    private TokenCheck check(String mac, String token, Instant now, RunGranted current) {
        Optional<RunTokens.Claims> claims = tokens.read(token);
        if (claims.isEmpty()) {
            return TokenCheck.refused(TokenCheck.Refusal.INVALID);
        }
        RunTokens.Claims t = claims.get();
        if (!t.mac().equals(mac)) {
            return TokenCheck.refused(TokenCheck.Refusal.OTHER_MACHINE);
        }
        if (!now.isBefore(t.expiresAt())) {
            return TokenCheck.refused(TokenCheck.Refusal.EXPIRED);
        }
        if (current == null || !current.runId().equals(t.runId())) {
            return TokenCheck.refused(TokenCheck.Refusal.SUPERSEDED);
        }
        return TokenCheck.valid(t.runId());
    }

    private TokenCheck refusedToken(TokenCheck.Refusal reason) {
        metrics.tokenRefused(reason);
        return TokenCheck.refused(reason);
    }

    private void durable(dev.orchard.ops.journal.JournalRecord r) throws IOException {
        try {
            journal.append(r).get(DURABLE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while storing " + r.getClass().getSimpleName(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the journal could not store the " + r.getClass().getSimpleName() + ": " + e, e);
        }
    }
}
