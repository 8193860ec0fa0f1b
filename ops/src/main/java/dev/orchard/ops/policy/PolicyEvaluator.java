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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policy decision: a pure function of a snapshot and a machine identity. Rules are tried in file
 * order and the first rule whose every field matches wins (firewall style; see docs/policies.md for
 * why). Rules after the winner are listed as {@link Outcome#NOT_REACHED}. Rules before it that need a
 * fact the caller does not have are {@link Outcome#UNKNOWN} and their NBIs are offered too, so a
 * serial-based rule still gets its netboot image offered at BSDP time, when only MAC and model are
 * known.
 *
 * <pre>{@code
 * Decision d = PolicyEvaluator.decide(holder.current(), MachineIdentity.parse(mac, null, "iMac18,1", ip));
 * }</pre>
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    public static Decision decide(ConfigSnapshot snapshot, MachineIdentity asked) {
        Optional<InventoryRow> row = snapshot.directory().lookup(asked.mac(), asked.serial());
        MachineIdentity id = asked.serial() == null && row.isPresent() && row.get().serial() != null
                ? asked.withSerial(row.get().serial()) : asked;
        String machineName = row.map(InventoryRow::name).orElse(null);

        List<RuleEvaluation> trace = new ArrayList<>();
        Set<String> nbis = new LinkedHashSet<>();
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
            if (outcome == Outcome.UNKNOWN && rule.nbi() != null) {
                nbis.add(rule.nbi());
            } else if (outcome == Outcome.MATCH) {
                winner = rule;
            }
        }
        if (winner == null) {
            return new Decision(id, machineName, null, Action.NONE, null, null, null, null, null, List.copyOf(nbis),
                    Set.of(), trace);
        }
        if (winner.nbi() != null) {
            // the matched rule's NBI is the BSDP default: move it to the front
            Set<String> ordered = new LinkedHashSet<>();
            ordered.add(winner.nbi());
            ordered.addAll(nbis);
            nbis = ordered;
        }
        return decided(snapshot, id, machineName, winner, new ArrayList<>(nbis), trace);
    }

    private static Decision decided(ConfigSnapshot snapshot, MachineIdentity id, String machineName, PolicyRule rule,
                                    List<String> nbis, List<RuleEvaluation> trace) {
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
        return new Decision(id, machineName, new Decision.MatchedRule(rule.name(), rule.at()), rule.action(),
                rule.nbi(), rule.image() == null ? null : config.blockImage(rule.image()).orElse(null),
                rule.installer() == null ? null : config.installer(rule.installer()).orElse(null),
                workflow, computerName, nbis, missing, trace);
    }
}
