package dev.orchard.ops.policy;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.WorkflowStep;

import java.util.List;
import java.util.Set;

/**
 * What the policy decided for one machine, and why. The BSDP wiring turns it into an image list, the
 * HTTP wiring into a plan (docs/agent-api.md); {@code orchard explain} prints it.
 *
 * @param machine      the identity used (the serial may come from the inventory)
 * @param machineName  the inventory name, or null
 * @param rule         the rule that matched, or null when none did (then the action is {@code none})
 * @param nbi          the netboot image to boot into; null for {@code none}
 * @param image        the block image of a {@code restore}, else null
 * @param installer    the OS installer of an {@code install}, else null
 * @param workflow     the flattened workflow with variables substituted, or null
 * @param computerName the rendered computer-name pattern, or null
 * @param possibleNbis NBIs to offer over BSDP: those of earlier rules that may still match once the
 *                     serial/model/IP is known ({@link Outcome#UNKNOWN}), then the matched rule's; the
 *                     matched rule's NBI is the default
 * @param missingVariables variables used but without a value for this machine (rendered empty)
 * @param trace        every rule in order, with its outcome and per-field checks
 */
public record Decision(MachineIdentity machine, String machineName, MatchedRule rule, Action action, String nbi,
                       ImageSettings.BlockImage image, ImageSettings.Installer installer, ResolvedWorkflow workflow,
                       String computerName, List<String> possibleNbis, Set<String> missingVariables,
                       List<RuleEvaluation> trace) {

    public Decision {
        possibleNbis = List.copyOf(possibleNbis);
        missingVariables = Set.copyOf(missingVariables);
        trace = List.copyOf(trace);
    }

    /** The rule that decided, with where it is written. */
    public record MatchedRule(String name, SourceLocation at) {
    }

    /** A workflow ready for a plan: includes flattened, variables substituted. */
    public record ResolvedWorkflow(String name, List<WorkflowStep> steps) {
        public ResolvedWorkflow {
            steps = List.copyOf(steps);
        }
    }

    public boolean matched() {
        return rule != null;
    }

    /** True when the Mac should be offered a netboot (BSDP): some rule may give it an NBI. */
    public boolean offersNetboot() {
        return !possibleNbis.isEmpty();
    }

    /** Rules earlier than the match that could still match once the missing facts are known. */
    public List<RuleEvaluation> undecidedRules() {
        return trace.stream().filter(e -> e.outcome() == Outcome.UNKNOWN).toList();
    }
}
