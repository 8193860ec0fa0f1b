package dev.orchard.ops.wiring;

import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.OrchardConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A reload swaps policies, workflows, images, groups and inventory; listeners, folders and the admin
 * token are fixed while the server runs. When a reload changes one of those, say that a restart is
 * needed rather than silently ignoring the change.
 */
final class RestartNotice implements Consumer<ConfigSnapshot> {

    private static final Logger LOG = LoggerFactory.getLogger(RestartNotice.class);

    private final OrchardConfig started;

    RestartNotice(ConfigSnapshot started) {
        this.started = started.config();
    }

    @Override
    public void accept(ConfigSnapshot next) {
        OrchardConfig c = next.config();
        List<String> changed = new ArrayList<>();
        check(changed, "server", started.server(), c.server());
        check(changed, "images.nbi_folders", started.images().nbiFolders(), c.images().nbiFolders());
        check(changed, "images.block_folder", started.blockFolder(), c.blockFolder());
        check(changed, "images.payloads_folder", started.payloadsFolder(), c.payloadsFolder());
        check(changed, "admin_token", started.adminToken(), c.adminToken());
        check(changed, "logging", started.logging(), c.logging());
        check(changed, "webhooks", started.webhooks(), c.webhooks());
        check(changed, "mdm", started.mdm(), c.mdm());
        check(changed, "erase.agent_package", started.erase().agentPackage(), c.erase().agentPackage());
        if (!changed.isEmpty()) {
            LOG.warn("configuration reloaded, but {} changed: that takes effect after a restart", changed);
        }
    }

    private static void check(List<String> changed, String what, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(what);
        }
    }
}
