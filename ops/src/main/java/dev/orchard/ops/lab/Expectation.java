package dev.orchard.ops.lab;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;

import java.util.List;

/**
 * What one simulated Mac must end with, computed by the same policy evaluator the server uses, from
 * the same configuration — twice, because the server decides twice with different facts:
 *
 * <ul>
 *   <li>at BSDP time it knows the MAC, the model (option 60) and ciaddr (and the serial only from an
 *       inventory row with this MAC): {@code offeredNbis}, the deciding rule's NBI alone (empty = the
 *       server stays silent);
 *   <li>at plan time the agent adds the serial, and the address is the one the agent connects from:
 *       the {@code action} and what it needs (image, installer, workflow, computer name).
 * </ul>
 *
 * @param offeredNbis the NBI names ACK[LIST] must offer (at most one, the default); empty = no BSDP answer
 * @param action      the plan's action; {@link Action#NONE} = the plan request gets 404
 * @param policy      the rule that decides the plan, or null when none matches
 * @param image       the block image of a restore
 * @param installer   the OS installer of an install
 * @param workflow    the workflow to run (variables substituted), or null
 * @param bsdp        the BSDP-time decision (for failure messages); its NBI list is before the catalog's filters
 * @param plan        the plan-time decision
 * @param mdmFault    for a modern Mac ({@code erase}): the MDM fault the lab injects, which decides its end state
 */
public record Expectation(List<String> offeredNbis, Action action, String policy, ImageSettings.BlockImage image,
                          ImageSettings.Installer installer, Decision.ResolvedWorkflow workflow, Decision bsdp,
                          Decision plan, MdmFault mdmFault) {

    /** The netbooting simulated Macs are Intel Macs ({@code AAPLBSDPC/i386/<model>}). */
    public static final String ARCHITECTURE = "i386";

    public Expectation {
        offeredNbis = List.copyOf(offeredNbis);
        mdmFault = mdmFault == null ? MdmFault.NONE : mdmFault;
    }

    /** Without an MDM fault. */
    public Expectation(List<String> offeredNbis, Action action, String policy, ImageSettings.BlockImage image,
                       ImageSettings.Installer installer, Decision.ResolvedWorkflow workflow, Decision bsdp,
                       Decision plan) {
        this(offeredNbis, action, policy, image, installer, workflow, bsdp, plan, MdmFault.NONE);
    }

    /** The same Mac with the MDM fault the lab gives it. */
    public Expectation withMdmFault(MdmFault fault) {
        return new Expectation(offeredNbis, action, policy, image, installer, workflow, bsdp, plan, fault);
    }

    /**
     * <p>An NBI the policy names is offered only when the catalog has it and its own filters
     * (architecture, EnabledSystemIdentifiers, MAC lists) admit the Mac, as Apple's server does.
     *
     * @param planAddress the address the server sees on the agent's plan request (loopback labs: the
     *                    loopback address the agent connects from, not the Mac's ciaddr)
     */
    public static Expectation of(ConfigSnapshot snapshot, NbiFiles nbis, LabMachine mac, String planAddress) {
        Decision atBsdp = PolicyEvaluator.decide(snapshot,
                new MachineIdentity(mac.mac(), null, mac.model(), mac.ciaddr().getHostAddress()));
        Decision atPlan = PolicyEvaluator.decide(snapshot,
                new MachineIdentity(mac.mac(), mac.serial(), mac.model(), planAddress));
        dev.orchard.bsdp.codec.MacAddress bsdpMac = new dev.orchard.bsdp.codec.MacAddress(mac.mac().value());
        List<String> offered = atBsdp.bsdp().offered().stream()
                .filter(n -> nbis.catalog().byName(n).stream().anyMatch(i -> i.supports(ARCHITECTURE, mac.model(), bsdpMac)))
                .toList();
        return new Expectation(offered, atPlan.action(),
                atPlan.rule() == null ? null : atPlan.rule().name(), atPlan.image(), atPlan.installer(),
                atPlan.workflow(), atBsdp, atPlan);
    }

    /** True when the Mac is offered a netboot at all (otherwise it never gets past BSDP). */
    public boolean netboots() {
        return !offeredNbis.isEmpty();
    }

    /** The NBI the Mac boots without a menu: the default of ACK[LIST]. */
    public String defaultNbi() {
        return offeredNbis.isEmpty() ? null : offeredNbis.get(0);
    }

    /**
     * The end state in one word — {@code restore}, {@code install}, {@code thin}, {@code none}, {@code erase} —
     * or, for a modern Mac that never comes back, {@code erase timed-out (never-came-back)}.
     */
    public String endState() {
        return action == Action.ERASE ? mdmFault.endState() : action.yamlName();
    }
}
