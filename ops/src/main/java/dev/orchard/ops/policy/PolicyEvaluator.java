package dev.orchard.ops.policy;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.InventoryRow;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.PolicyRule;
import dev.orchard.ops.config.Template;
import dev.orchard.ops.config.WorkflowStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policy decision: a pure function of a snapshot and a machine identity. Rules are tried in file
 * order and the first rule whose every field matches wins (firewall style; see docs/policies.md for
 * why). Rules after the winner are listed as {@link Outcome#NOT_REACHED}. A rule that needs a fact the
 * caller does not have (the serial, at BSDP time) is {@link Outcome#UNKNOWN} — shown as undecided —
 * and does not match: the search goes on below it. So the BSDP answer is simply this decision made with
 * BSDP's facts, and {@code explain} without {@code --serial} prints exactly what BSDP does.
 *
 * <pre>{@code
 * Decision d = PolicyEvaluator.decide(holder.current(), MachineIdentity.parse(mac, null, "iMac18,1", ip));
 * d.bsdp().offered();   // the NBI BSDP offers, or empty for silence
 * }</pre>
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    /**
     * The decision for these facts, with {@link Decision#bsdp()} the decision for the facts BSDP has: the
     * same unless a serial was given that BSDP cannot know (no inventory row lists it with this MAC), in
     * which case the rules are evaluated a second time without it.
     */
    public static Decision decide(ConfigSnapshot snapshot, MachineIdentity asked) {
        Decision d = evaluate(snapshot, asked);
        String serialAtBsdp = snapshot.directory().lookup(asked.mac(), null).map(InventoryRow::serial).orElse(null);
        if (Objects.equals(serialAtBsdp, d.machine().serial())) {
            return d;
        }
        return d.withBsdp(evaluate(snapshot, asked.withSerial(null)).bsdp());
    }

    private static Decision evaluate(ConfigSnapshot snapshot, MachineIdentity asked) {
        Optional<InventoryRow> row = snapshot.directory().lookup(asked.mac(), asked.serial());
        MachineIdentity id = asked.serial() == null && row.isPresent() && row.get().serial() != null
                ? asked.withSerial(row.get().serial()) : asked;
        String machineName = row.map(InventoryRow::name).orElse(null);

        List<RuleEvaluation> trace = new ArrayList<>();
        PolicyRule winner = null;
        for (PolicyRule rule : snapshot.config().policies()) {
            if (winner != null) {
                trace.add(new RuleEvaluation(rule.name(), rule.at(), rule.action(), rule.nbi(), Outcome.NOT_REACHED,
                        List.of()));
                continue;
            }
            List<FieldCheck> checks = RuleMatcher.checks(rule.match(), id, snapshot.directory());
            Outcome outcome = RuleMatcher.combine(checks);
            trace.add(new RuleEvaluation(rule.name(), rule.at(), rule.action(), rule.nbi(), outcome, checks));
            if (outcome == Outcome.MATCH) {
                winner = rule;
            }
        }
        if (winner == null) {
            return new Decision(id, machineName, null, Action.NONE, null, null, null, null, null,
                    new Decision.BsdpAnswer(null, Action.NONE, null), Set.of(), trace);
        }
        return decided(snapshot, id, machineName, winner, trace);
    }

    private static Decision decided(ConfigSnapshot snapshot, MachineIdentity id, String machineName, PolicyRule rule,
                                    List<RuleEvaluation> trace) {
        OrchardConfig config = snapshot.config();
        Map<String, String> values = new HashMap<>();
        values.put("mac", id.mac().toString());
        values.put("serial", id.serial());
        values.put("model", id.model());
        values.put("name", machineName);
        Set<String> missing = new TreeSet<>();
        String computerName = rule.computerName() == null ? null : Template.render(rule.computerName(), values, missing);
        Decision.ResolvedWorkflow workflow = null;
        if (rule.workflow() != null) {
            List<WorkflowStep> steps = new ArrayList<>();
            for (WorkflowStep step : snapshot.flatWorkflow(rule.workflow()).orElse(List.of())) {
                WorkflowStep s = step.substitute(text -> Template.render(text, values, missing));
                if (s instanceof WorkflowStep.ComputerName c && c.value() == null) {
                    s = new WorkflowStep.ComputerName(c.name(), computerName, c.at());
                }
                steps.add(s);
            }
            workflow = new Decision.ResolvedWorkflow(rule.workflow(), steps);
        }
        Decision.MatchedRule matched = new Decision.MatchedRule(rule.name(), rule.at());
        return new Decision(id, machineName, matched, rule.action(),
                rule.nbi(), rule.image() == null ? null : config.blockImage(rule.image()).orElse(null),
                rule.installer() == null ? null : config.installer(rule.installer()).orElse(null),
                workflow, computerName, new Decision.BsdpAnswer(matched, rule.action(), rule.nbi()), missing, trace);
    }
}
