package dev.orchard.ops.config.load;

import dev.orchard.ops.config.ConfigFile;
import dev.orchard.ops.config.EraseSettings;
import dev.orchard.ops.config.Group;
import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.InventoryRow;
import dev.orchard.ops.config.KeyLocations;
import dev.orchard.ops.config.ObservabilitySettings;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.PolicyRule;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.ServerSettings;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.Workflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges the main file and its included files into one {@link OrchardConfig}. Lists are joined in
 * reading order (included files in include order, then the main file); a name defined twice is an
 * error naming both places. Settings that exist once (server, token, metrics, logging, shared folders)
 * can only be in the main file, which the file reader enforces.
 */
final class ConfigMerger {

    private ConfigMerger() {
    }

    /** {@code files}: included files in order, then the main file last. */
    static OrchardConfig merge(ConfigFile main, List<ConfigFile> included, List<InventoryRow> inventory,
                               Map<String, SourceLocation> locations, Problems problems) {
        List<ConfigFile> ordered = new ArrayList<>(included);
        ordered.add(main);
        List<Path> nbiFolders = new ArrayList<>();
        List<ImageSettings.BlockImage> block = new ArrayList<>();
        List<ImageSettings.Installer> installers = new ArrayList<>();
        List<Workflow> workflows = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        List<PolicyRule> policies = new ArrayList<>();
        for (ConfigFile f : ordered) {
            if (f.images() != null) {
                nbiFolders.addAll(f.images().nbiFolders());
                block.addAll(f.images().block());
                installers.addAll(f.images().installers());
            }
            workflows.addAll(f.workflows());
            groups.addAll(f.groups());
            policies.addAll(f.policies());
        }
        unique(block, "block image", ImageSettings.BlockImage::name, ImageSettings.BlockImage::at, problems);
        unique(installers, "installer", ImageSettings.Installer::name, ImageSettings.Installer::at, problems);
        unique(workflows, "workflow", Workflow::name, Workflow::at, problems);
        unique(groups, "group", Group::name, Group::at, problems);
        unique(policies, "policy", PolicyRule::name, PolicyRule::at, problems);

        ImageSettings mainImages = main.images();
        ImageSettings images = new ImageSettings(nbiFolders, mainImages == null ? null : mainImages.blockFolder(),
                mainImages == null ? null : mainImages.payloadsFolder(), block, installers);
        return new OrchardConfig(main.file(),
                main.server() == null ? ServerSettings.DEFAULTS : main.server(),
                images, workflows, groups, inventory, policies, main.adminToken(),
                main.metrics() == null ? ObservabilitySettings.Metrics.DEFAULTS : main.metrics(),
                main.logging() == null ? ObservabilitySettings.Logging.DEFAULTS : main.logging(),
                new KeyLocations(main.file(), locations), main.mdm(),
                main.erase() == null ? EraseSettings.DEFAULTS : main.erase(),
                main.webhooks(), main.multicast());
    }

    private static <T> void unique(List<T> items, String what, Function<T, String> name, Function<T, SourceLocation> at,
                                   Problems problems) {
        Map<String, SourceLocation> seen = new HashMap<>();
        for (T item : items) {
            SourceLocation first = seen.putIfAbsent(name.apply(item), at.apply(item));
            if (first != null) {
                problems.error(at.apply(item), what + " '" + name.apply(item) + "' is defined twice (first at "
                        + first + ")");
            }
        }
    }
}
