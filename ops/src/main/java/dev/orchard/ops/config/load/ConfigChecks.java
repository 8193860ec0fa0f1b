package dev.orchard.ops.config.load;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.PolicyRule;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.Template;
import dev.orchard.ops.config.Workflow;
import dev.orchard.ops.config.WorkflowStep;
import dev.orchard.ops.config.yaml.Suggestions;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks that need the whole merged configuration: what each action requires, that every name a
 * rule uses exists (an {@code nbi:} against the NBI catalog, when the caller read it), that variables are
 * known, and (as warnings) that groups have members and named network interfaces exist on this host.
 */
final class ConfigChecks {

    private final OrchardConfig config;
    private final Map<String, List<WorkflowStep>> flat;
    private final MachineDirectory directory;
    private final Set<String> knownNbis;
    private final Problems problems;

    private ConfigChecks(OrchardConfig config, Map<String, List<WorkflowStep>> flat, MachineDirectory directory,
                         Set<String> knownNbis, Problems problems) {
        this.config = config;
        this.flat = flat;
        this.directory = directory;
        this.knownNbis = knownNbis;
        this.problems = problems;
    }

    /**
     * {@code knownNbis}: the names in the NBI catalog of {@code images.nbi_folders}, or null when the folders
     * are not checked (a workstation without them).
     */
    static void check(OrchardConfig config, Map<String, List<WorkflowStep>> flat, MachineDirectory directory,
                      Set<String> knownNbis, Problems problems) {
        ConfigChecks c = new ConfigChecks(config, flat, directory, knownNbis, problems);
        config.policies().forEach(c::rule);
        config.workflows().forEach(c::variables);
        c.groupsAndInterfaces();
        if (config.multicast() != null) {
            MulticastChecks.check(config, problems);
        }
        if (config.policies().isEmpty() && !problems.hasErrors()) {
            problems.warn(SourceLocation.of(config.mainFile()), "no policies: no Mac will be offered a netboot");
        }
    }

    private void rule(PolicyRule r) {
        String what = "policy '" + r.name() + "'";
        Action a = r.action();
        forbid(r, a != Action.RESTORE && r.image() != null, "image", "only a restore uses a block image");
        forbid(r, a != Action.INSTALL && r.installer() != null, "installer", "only an install uses an OS installer");
        forbid(r, a == Action.NONE && r.workflow() != null, "workflow", "a Mac with action none runs nothing");
        forbid(r, a == Action.NONE && r.nbi() != null, "nbi", "a Mac with action none is not offered a netboot");
        forbid(r, a == Action.NONE && r.computerName() != null, "computer_name", "a Mac with action none is not named");
        forbid(r, a == Action.ERASE && r.nbi() != null, "nbi", "a Mac with action erase cannot NetBoot: it is wiped"
                + " through the MDM and its agent runs in full macOS");
        if (a.netboots() && r.nbi() == null) {
            problems.error(r.at(), what + ": action " + a.yamlName() + " needs nbi: (the netboot image the Mac boots"
                    + " into to run the agent)");
        }
        if (a == Action.RESTORE && r.image() == null) {
            problems.error(r.at(), what + ": action restore needs image: (a block image name)");
        }
        if (a == Action.INSTALL && r.installer() == null) {
            problems.error(r.at(), what + ": action install needs installer: (an OS installer name)");
        }
        if ((a == Action.INSTALL || a == Action.THIN) && r.workflow() == null) {
            problems.error(r.at(), what + ": action " + a.yamlName() + " needs workflow: (the steps run after it)");
        }
        exists(r, "image", r.image(), config.images().block().stream().map(ImageSettings.BlockImage::name).toList());
        exists(r, "installer", r.installer(),
                config.images().installers().stream().map(ImageSettings.Installer::name).toList());
        exists(r, "workflow", r.workflow(), config.workflows().stream().map(Workflow::name).toList());
        if (knownNbis != null && r.nbi() != null && !knownNbis.contains(r.nbi())) {
            List<Path> folders = config.images().nbiFolders();
            problems.error(r.at(), what + ": nbi '" + r.nbi() + "' is not in the NBI catalog"
                    + (folders.isEmpty() ? ": no NBI folders are configured (images.nbi_folders)"
                    : knownNbis.isEmpty() ? ": images.nbi_folders " + folders + " hold no usable .nbi bundle"
                    : " of images.nbi_folders " + folders + hint(r.nbi(), knownNbis))
                    + "; the NBI is named by the Name in its NBImageInfo.plist");
        }
        for (String g : r.match().group()) {
            if (!directory.hasGroup(g)) {
                problems.error(r.match().at(), what + ": match.group '" + g + "' is not a group (define it under"
                        + " groups: or in an inventory CSV's group column)" + hint(g, directory.groupNames()));
            }
        }
        if (r.computerName() != null) {
            unknownVariables(r.at(), what + ".computer_name", r.computerName());
        }
        if (r.workflow() != null && r.computerName() == null && flat.containsKey(r.workflow())
                && flat.get(r.workflow()).stream().anyMatch(s -> s instanceof WorkflowStep.ComputerName c
                && c.value() == null)) {
            problems.error(r.at(), what + ": workflow '" + r.workflow() + "' has a computer_name step without value:,"
                    + " which takes the policy's computer_name, but this policy sets none");
        }
    }

    private void forbid(PolicyRule r, boolean wrong, String key, String why) {
        if (wrong) {
            problems.error(r.at(), "policy '" + r.name() + "': " + key + ": does not apply to action "
                    + r.action().yamlName() + " (" + why + ")");
        }
    }

    private void exists(PolicyRule r, String key, String name, Collection<String> known) {
        if (name != null && !known.contains(name)) {
            problems.error(r.at(), "policy '" + r.name() + "': " + key + " '" + name + "' is not defined"
                    + hint(name, known));
        }
    }

    private void variables(Workflow w) {
        for (WorkflowStep s : w.steps()) {
            for (String text : s.texts()) {
                unknownVariables(s.at(), "workflow '" + w.name() + "' step " + s.type() + ":" + s.name(), text);
            }
        }
    }

    private void unknownVariables(SourceLocation at, String where, String text) {
        List<String> unknown = Template.unknownVariables(text);
        if (!unknown.isEmpty()) {
            problems.error(at, where + ": unknown variable" + (unknown.size() > 1 ? "s " : " ")
                    + unknown.stream().map(u -> "{" + u + "}").collect(Collectors.joining(", "))
                    + "; the variables are {serial}, {model}, {mac}, {name} (write {{word}} for a literal {word})");
        }
    }

    /** Files named by the configuration are checked with this host ({@code dev.orchard.ops.wiring.PinnedFiles}). */
    private void groupsAndInterfaces() {
        config.groups().stream()
                .filter(g -> directory.macsOf(g.name()).isEmpty() && directory.serialsOf(g.name()).isEmpty())
                .forEach(g -> problems.warn(g.at(), "group '" + g.name() + "' has no members: rules using it match"
                        + " nothing"));
        for (String nic : config.server().interfaces()) {
            if (!interfaceExists(nic)) {
                problems.warn(SourceLocation.of(config.mainFile()), "server.interfaces: network interface '" + nic
                        + "' does not exist on this host; BSDP stays silent for Macs behind it until it appears");
            }
        }
    }

    private static boolean interfaceExists(String name) {
        try {
            return NetworkInterface.getByName(name) != null;
        } catch (SocketException | RuntimeException e) {
            return false;
        }
    }

    private static String hint(String name, Collection<String> known) {
        return Suggestions.closest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }
}
