package dev.orchard.ops.wiring;

import dev.orchard.http.api.ApiException;
import dev.orchard.http.spi.Plan;
import dev.orchard.http.spi.PlanDecision;
import dev.orchard.http.spi.PlanPort;
import dev.orchard.http.spi.PlanQuery;
import dev.orchard.ops.admission.AgentAdmission;
import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineSeen;
import dev.orchard.ops.metrics.OrchardMeters.RunAction;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.io.IOException;
import java.net.Inet4Address;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/plan}: first who asks — only an agent that {@link AgentAdmission} lets in gets
 * anything (403/409 otherwise, before any policy is looked at, so a stranger learns nothing of the Mac);
 * then the policy decision for the Mac (MAC, serial and model as the agent reports them, its IPv4
 * address for subnet rules), taken from the snapshot current at the time of the request, turned into a
 * plan carrying the admitted run and its token. No rule or action {@code none} is a 404 with the reason.
 * Each answer is logged, counted by action and recorded in the journal as "seen" (policy, action, name),
 * which {@code orchard machines} shows.
 */
public final class PolicyPlanPort implements PlanPort {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyPlanPort.class);

    private final Supplier<ConfigSnapshot> snapshots;
    private final PlanAssembler assembler;
    private final Journal journal;
    private final RunTracker runs;
    private final AgentAdmission admission;

    public PolicyPlanPort(Supplier<ConfigSnapshot> snapshots, PlanAssembler assembler, Journal journal, RunTracker runs,
                          AgentAdmission admission) {
        this.snapshots = snapshots;
        this.assembler = assembler;
        this.journal = journal;
        this.runs = runs;
        this.admission = admission;
    }

    @Override
    public PlanDecision plan(PlanQuery q) throws ApiException {
        ConfigSnapshot snapshot = snapshots.get();
        String ip = q.clientAddress() instanceof Inet4Address v4 ? v4.getHostAddress() : null;
        MachineIdentity id;
        try {
            id = MachineIdentity.parse(q.mac(), q.serial().orElse(null), q.model().orElse(null), ip);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        AgentAdmission.Admission admitted;
        try {
            admitted = admission.admit(q.mac(), q.serial(), q.clientAddress(), q.credentials());
        } catch (IOException e) {
            LOG.error("cannot let the agent of {} in: {}", id.mac(), e.getMessage());
            throw new ApiException(503, "the server cannot start this machine's run now: " + e.getMessage(), null,
                    Map.of("Retry-After", "10"));
        }
        if (admitted instanceof AgentAdmission.Admission.Refused refused) {
            return new PlanDecision.Refused(refused.status(), refused.reason());
        }
        AgentAdmission.Admission.Admitted run = (AgentAdmission.Admission.Admitted) admitted;
        Decision d = PolicyEvaluator.decide(snapshot, id);
        boolean nothingToRun = d.action() == Action.NONE || (d.action() == Action.ERASE && d.workflow() == null);
        if (!d.matched() || nothingToRun) {
            String reason = d.matched() ? "policy '" + d.rule().name() + "' says " + d.action().yamlName()
                    + (d.action() == Action.ERASE ? " with no workflow to run after it" : "") + " for " + id.mac()
                    : "no policy applies to " + id.mac();
            planLine(id, d, ip, run.runId()).addKeyValue("action", "none").log(
                    "plan for {} (serial {}, model {}, {}): none: {}", id.mac(), d.machine().serial(), id.model(), ip,
                    reason);
            runs.planServed(id.mac().toString(), RunAction.NONE);
            if (d.matched()) {
                seen(d, d.action().yamlName());
            }
            return new PlanDecision.NoPolicy(reason);
        }
        Plan plan;
        try {
            plan = assembler.plan(snapshot.config(), d, run.runId(), run.token());
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot build the plan for {} (policy '{}'): {}", id.mac(), d.rule().name(), e.getMessage());
            throw new ApiException(503, "the server cannot build this machine's plan now: " + e.getMessage(), null,
                    Map.of("Retry-After", "60"));
        }
        LoggingEventBuilder line = planLine(id, d, ip, run.runId()).addKeyValue("action", d.action().yamlName());
        JournalEventsPort.optional(line, "image", plan.restore() == null ? null : plan.restore().image());
        JournalEventsPort.optional(line, "installer", plan.install() == null ? null : plan.install().installer());
        JournalEventsPort.optional(line, "workflow", plan.workflow() == null ? null : plan.workflow().name());
        line.log("plan for {} (serial {}, model {}, {}): {} by policy '{}'{}{}{}", id.mac(), d.machine().serial(),
                id.model(), ip, d.action().yamlName(), d.rule().name(),
                plan.restore() == null ? "" : ", image " + plan.restore().image(),
                plan.install() == null ? "" : ", installer " + plan.install().installer(),
                plan.workflow() == null ? "" : ", workflow " + plan.workflow().name());
        // an erased Mac's agent runs its workflow as a thin plan in full macOS (docs/mdm.md, "The erase flow")
        runs.planServed(id.mac().toString(), d.action() == Action.ERASE ? RunAction.THIN
                : RunAction.valueOf(d.action().name()));
        seen(d, d.action().yamlName());
        return new PlanDecision.Found(plan);
    }

    /** An info line about a plan with its facts as fields (docs/admin-guide.md, "Logs"). */
    private static LoggingEventBuilder planLine(MachineIdentity id, Decision d, String ip, String runId) {
        LoggingEventBuilder line = LOG.atInfo().addKeyValue("mac", id.mac().toString());
        JournalEventsPort.optional(line, "serial", d.machine().serial());
        JournalEventsPort.optional(line, "model", id.model());
        JournalEventsPort.optional(line, "ip", ip);
        JournalEventsPort.optional(line, "policy", d.matched() ? d.rule().name() : null);
        return JournalEventsPort.optional(line, "run_id", runId);
    }

    /** Journals who this machine is and what it was given; the plan does not wait for the fsync. */
    private void seen(Decision d, String action) {
        String name = d.computerName() != null ? d.computerName() : d.machineName();
        journal.append(new MachineSeen(d.machine().mac().toString(), d.machine().serial(), d.machine().model(), name,
                d.rule().name(), action, d.nbi(), null)).whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warn("could not journal that {} was seen: {}", d.machine().mac(), e.toString());
                    }
                });
    }
}
