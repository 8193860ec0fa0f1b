package dev.orchard.ops.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What one YAML file says, section by section, before files are merged; a section a file does not
 * have is null (lists are empty). The record components are the YAML keys in snake_case, which the
 * JSON Schema test checks ({@code orchard.schema.json}).
 *
 * @param include   files, folders and globs to read too (main file only)
 * @param inventory inventory CSV files ({@code mac,serial,name,group})
 * @param mdm       the MDM Orchard drives for Macs that cannot NetBoot (main file only; docs/mdm.md)
 * @param erase     the MDM erase flow's guards and timeouts (main file only), or null
 * @param webhooks  receivers of machine events (main file only; docs/webhooks.md)
 * @param multicast the {@code multicast:} section (main file only), or null
 */
public record ConfigFile(Path file, List<IncludeEntry> include, ServerSettings server, ImageSettings images,
                         List<Workflow> workflows, List<Group> groups, List<Path> inventory,
                         List<PolicyRule> policies, SecretSource adminToken, ObservabilitySettings.Metrics metrics,
                         ObservabilitySettings.Logging logging, MdmSettings mdm,
                         EraseSettings erase, List<Webhook> webhooks,
                         MulticastConfig multicast) {

    public ConfigFile {
        include = List.copyOf(include);
        workflows = List.copyOf(workflows);
        groups = List.copyOf(groups);
        inventory = List.copyOf(inventory);
        policies = List.copyOf(policies);
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }
}
