package dev.orchard.ops.config;

import java.util.List;

/**
 * What a rule matches. Every field that is given must match (AND); within a field, any value may
 * match (OR). An empty match takes every machine: that is the default rule.
 */
public record Match(List<MacAddress> mac, List<String> serial, List<ModelPattern> model, List<Cidr> subnet,
                    List<String> group, SourceLocation at) {

    public Match {
        mac = List.copyOf(mac);
        serial = List.copyOf(serial);
        model = List.copyOf(model);
        subnet = List.copyOf(subnet);
        group = List.copyOf(group);
    }

    public static Match any(SourceLocation at) {
        return new Match(List.of(), List.of(), List.of(), List.of(), List.of(), at);
    }

    public boolean isEmpty() {
        return mac.isEmpty() && serial.isEmpty() && model.isEmpty() && subnet.isEmpty() && group.isEmpty();
    }
}
