package dev.orchard.ops.config.load;

import dev.orchard.ops.config.MulticastConfig;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.yaml.Suggestions;

import java.util.List;

/**
 * The checks of {@code multicast:} that need the whole configuration: every listed image is a block image,
 * every listed policy exists and restores, every listed group exists; the stream's UDP port is not BSDP's or TFTP's (a receiver bound to
 * it would take their datagrams, and theirs would be counted as garbage).
 */
final class MulticastChecks {

    private MulticastChecks() {
    }

    static void check(OrchardConfig config, Problems problems) {
        MulticastConfig m = config.multicast();
        List<String> blockImages = config.images().block().stream().map(b -> b.name()).toList();
        for (String image : m.images()) {
            if (!blockImages.contains(image)) {
                problems.error(m.at(), "multicast.images: block image '" + image + "' is not defined"
                        + hint(image, blockImages));
            }
        }
        List<String> policies = config.policies().stream().map(p -> p.name()).toList();
        for (String policy : m.policies()) {
            var rule = config.policy(policy);
            if (rule.isEmpty()) {
                problems.error(m.at(), "multicast.policies: policy '" + policy + "' is not defined"
                        + hint(policy, policies));
            } else if (rule.get().image() == null) {
                problems.error(m.at(), "multicast.policies: policy '" + policy + "' restores no block image, so there is "
                        + "nothing to stream");
            }
        }
        // groups come from groups: and from the inventory's group column, as for match.group
        var directory = new dev.orchard.ops.config.MachineDirectory(config.groups(), config.inventory());
        for (String group : m.groups()) {
            if (!directory.hasGroup(group)) {
                problems.error(m.at(), "multicast.groups: group '" + group + "' is not defined (define it under groups:"
                        + " or in an inventory CSV's group column)" + hint(group, List.copyOf(directory.groupNames())));
            }
        }
        var server = config.server();
        for (var taken : List.of(new Object[]{"server.bsdp.port", server.bsdp().port()},
                new Object[]{"server.tftp.port", server.tftp().port()})) {
            if (taken[1].equals(m.port())) {
                problems.error(m.at(), "multicast.port: " + m.port() + " is already " + taken[0]
                        + "; the stream needs a UDP port of its own (default " + MulticastConfig.DEFAULT_PORT + ")");
            }
        }
    }

    private static String hint(String typed, List<String> names) {
        return Suggestions.closest(typed, names).map(n -> " (did you mean '" + n + "'?)").orElse("");
    }
}
