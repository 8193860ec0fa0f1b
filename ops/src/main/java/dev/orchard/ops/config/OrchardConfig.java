package dev.orchard.ops.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration after merging the main file and its includes, with defaults applied. Rules
 * are in evaluation order: the included files' rules in include order, then the main file's.
 *
 * @param adminToken where the admin token comes from; null = the admin API is disabled
 * @param locations  where the main file's settings were written (for the checks of this host)
 * @param mdm        the MDM driven for Macs that cannot NetBoot; null = none (docs/mdm.md)
 * @param erase      the MDM erase flow's guards and timeouts (docs/mdm.md), defaults when not written
 * @param webhooks   receivers of machine events (docs/webhooks.md); empty when none
 * @param multicast  which restores are also streamed by multicast (docs/multicast.md); null: none
 */
public record OrchardConfig(Path mainFile, ServerSettings server, ImageSettings images, List<Workflow> workflows,
                            List<Group> groups, List<InventoryRow> inventory, List<PolicyRule> policies,
                            SecretSource adminToken, ObservabilitySettings.Metrics metrics,
                            ObservabilitySettings.Logging logging, KeyLocations locations, MdmSettings mdm,
                            EraseSettings erase, List<Webhook> webhooks,
                            MulticastConfig multicast) {

    public OrchardConfig {
        workflows = List.copyOf(workflows);
        groups = List.copyOf(groups);
        inventory = List.copyOf(inventory);
        policies = List.copyOf(policies);
        java.util.Objects.requireNonNull(locations, "locations");
        java.util.Objects.requireNonNull(erase, "erase");
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /** The block image folder: as configured, or {@code <data_dir>/images}. */
    public Path blockFolder() {
        return images.blockFolder() != null ? images.blockFolder() : server.dataDir().resolve("images");
    }

    /** The payloads folder: as configured, or {@code <data_dir>/payloads}. */
    public Path payloadsFolder() {
        return images.payloadsFolder() != null ? images.payloadsFolder() : server.dataDir().resolve("payloads");
    }

    /** The journal folder, {@code <data_dir>/journal}. */
    public Path journalFolder() {
        return server.dataDir().resolve("journal");
    }

    public Optional<ImageSettings.BlockImage> blockImage(String name) {
        return images.block().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Optional<ImageSettings.Installer> installer(String name) {
        return images.installers().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<Workflow> workflow(String name) {
        return workflows.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    public Optional<PolicyRule> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
