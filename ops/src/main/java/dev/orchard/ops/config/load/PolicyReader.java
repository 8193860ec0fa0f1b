package dev.orchard.ops.config.load;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.Cidr;
import dev.orchard.ops.config.Group;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.config.Match;
import dev.orchard.ops.config.ModelPattern;
import dev.orchard.ops.config.PolicyRule;
import dev.orchard.ops.config.Serials;
import dev.orchard.ops.config.yaml.MapReader;

/** Reads {@code policies:} rules and inline {@code groups:}; references are checked after merging. */
final class PolicyReader {

    private PolicyReader() {
    }

    /** A rule, or null when it has errors (so that one typo does not cascade into shadowing errors). */
    static PolicyRule rule(MapReader r) {
        int errorsBefore = r.problems().errorCount();
        r.require("name", "a name shown by explain and in the plan");
        r.require("action", "restore, install, thin or none");
        String name = r.value("name", ValueRules::name);
        Match match = r.node("match").isPresent() ? r.object("match", PolicyReader::match) : Match.any(r.at());
        String nbi = r.value("nbi", ValueRules::nonBlank);
        Action action = r.value("action", Action::parse);
        String image = r.value("image", ValueRules::name);
        String installer = r.value("installer", ValueRules::name);
        String workflow = r.value("workflow", ValueRules::name);
        String computerName = r.value("computer_name", ValueRules::nonBlank);
        r.finish();
        if (name == null || action == null || match == null || r.problems().errorCount() > errorsBefore) {
            return null;
        }
        return new PolicyRule(name, match, nbi, action, image, installer, workflow, computerName, r.at());
    }

    static Match match(MapReader r) {
        var mac = r.list("mac", MacAddress::parse);
        var serial = r.list("serial", Serials::normalize);
        var model = r.list("model", ModelPattern::parse);
        var subnet = r.list("subnet", Cidr::parse);
        var group = r.list("group", ValueRules::name);
        r.finish();
        return new Match(mac, serial, model, subnet, group, r.at());
    }

    static Group group(MapReader r) {
        r.require("name", "the name rules use in match.group");
        String name = r.value("name", ValueRules::name);
        var mac = r.list("mac", MacAddress::parse);
        var serial = r.list("serial", Serials::normalize);
        r.finish();
        return name == null ? null : new Group(name, mac, serial, r.at());
    }
}
