package dev.orchard.ops.policy;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.WorkflowStep;

import java.util.List;
import java.util.Optional;
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
 * @param bsdp         what the BSDP server answers this Mac: the same decision made with the facts BSDP
 *                     has (no serial unless an inventory row lists it with this MAC); equal to this
 *                     decision's rule and NBI unless the serial was given and BSDP cannot know it
 * @param missingVariables variables used but without a value for this machine (rendered empty)
 * @param trace        every rule in order, with its outcome and per-field checks
 */
public record Decision(MachineIdentity machine, String machineName, MatchedRule rule, Action action, String nbi,
                       ImageSettings.BlockImage image, ImageSettings.Installer installer, ResolvedWorkflow workflow,
                       String computerName, BsdpAnswer bsdp, Set<String> missingVariables,
                       List<RuleEvaluation> trace) {

    public Decision {
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

    /**
     * The BSDP answer: the NBI of the rule that decides with BSDP's facts, offered alone; nothing (silence)
     * when that rule's action is {@code none} or {@code erase} (a Mac that cannot NetBoot) or no rule matches. Rules undecided for lack of a fact do
     * not match, so BSDP and {@code explain} without {@code --serial} always agree.
     *
     * @param rule   the rule that decides at BSDP time, or null when none matches
     * @param action its action ({@code none} when no rule matches)
     * @param nbi    its NBI, or null
     */
    public record BsdpAnswer(MatchedRule rule, Action action, String nbi) {

        /** The one NBI BSDP offers, or empty for silence. */
        public Optional<String> offered() {
            return action.netboots() ? Optional.ofNullable(nbi) : Optional.empty();
        }
    }

    public boolean matched() {
        return rule != null;
    }

    /** This decision with another BSDP answer (the plan had a serial BSDP cannot know). */
    Decision withBsdp(BsdpAnswer answer) {
        return new Decision(machine, machineName, rule, action, nbi, image, installer, workflow, computerName, answer,
                missingVariables, trace);
    }

    /** Rules before the decision that did not match because a fact was unknown (the serial, at BSDP time). */
    public List<RuleEvaluation> undecidedRules() {
        return trace.stream().filter(e -> e.outcome() == Outcome.UNKNOWN).toList();
    }
}
