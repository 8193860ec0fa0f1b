package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.spi.BootClient;
import dev.orchard.bsdp.spi.BootOffer;
import dev.orchard.bsdp.spi.BootPolicy;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The BSDP question answered by the admins' policies: which NBI may this Mac see and boot? It is the
 * policy decision made from what BSDP knows (MAC, model from the vendor class, ciaddr; the serial only
 * when an inventory row lists it with this MAC), with the snapshot current at the time of the request:
 * the deciding rule's NBI, offered alone; silence when its action is {@code none} or no rule matches.
 * A rule that needs the serial BSDP does not have does not match (docs/policies.md, "Facts the server
 * does not have yet"), so this answer is exactly what {@code orchard explain} prints without
 * {@code --serial}. The NBI is named by its NBImageInfo {@code Name} and resolved against the catalog
 * snapshot the server passes in; an image that cannot boot this Mac (architecture, the NBI's own
 * filters) is not offered. One info line per exchange.
 */
public final class PolicyBootPolicy implements BootPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyBootPolicy.class);

    private final Supplier<ConfigSnapshot> snapshots;
    private final Set<String> warnedMissing = ConcurrentHashMap.newKeySet();

    public PolicyBootPolicy(Supplier<ConfigSnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public Optional<BootOffer> offer(BootClient client, NbiCatalog catalog) {
        ConfigSnapshot snapshot = snapshots.get();
        String model = client.systemId().isBlank() ? null : client.systemId();
        MachineIdentity id = new MachineIdentity(new MacAddress(client.mac().value()), null, model,
                client.ciaddr().getHostAddress());
        Decision.BsdpAnswer answer = PolicyEvaluator.decide(snapshot, id).bsdp();
        Optional<NbImage> image = answer.offered().flatMap(name -> resolve(name, client, catalog));
        String verb = client.request() == BsdpMessageType.LIST ? "LIST" : "SELECT";
        String by = answer.rule() != null ? "policy '" + answer.rule().name() + "' (" + answer.action().yamlName() + ")"
                : "no policy";
        if (image.isEmpty()) {
            String why = answer.offered().map(name -> by + "; " + name + " cannot boot this Mac (architecture "
                    + client.architecture() + "; see the NBI's Architectures and"
                    + " Enabled/DisabledSystemIdentifiers/MACAddresses)").orElse(by);
            decision(verb, id, client, answer).addKeyValue("offered", false)
                    .log("BSDP {} {} {} {}: no netboot offered ({})", verb, id.mac(), client.systemId(),
                            client.ciaddr().getHostAddress(), why);
            return Optional.empty();
        }
        decision(verb, id, client, answer).addKeyValue("offered", true).addKeyValue("nbi", image.get().name())
                .log("BSDP {} {} {} {}: image {} by {}", verb, id.mac(), client.systemId(),
                        client.ciaddr().getHostAddress(), image.get().name(), by);
        return Optional.of(BootOffer.of(List.of(image.get())));
    }

    /** An info line with the decision's facts as fields (docs/admin-guide.md, "Logs"). */
    private static LoggingEventBuilder decision(String verb, MachineIdentity id, BootClient client,
                                                Decision.BsdpAnswer answer) {
        LoggingEventBuilder line = LOG.atInfo().addKeyValue("bsdp", verb.toLowerCase(java.util.Locale.ROOT))
                .addKeyValue("mac", id.mac().toString()).addKeyValue("ip", client.ciaddr().getHostAddress());
        JournalEventsPort.optional(line, "model", id.model());
        if (answer.rule() != null) {
            line.addKeyValue("policy", answer.rule().name()).addKeyValue("action", answer.action().yamlName());
        }
        return line;
    }

    /** The catalog image of that name that this Mac can boot (and, for LIST, that its attribute filter admits). */
    private Optional<NbImage> resolve(String name, BootClient client, NbiCatalog catalog) {
        List<NbImage> named = catalog.byName(name);
        if (named.isEmpty()) {
            if (warnedMissing.add(name)) {
                LOG.warn("policy names NBI '{}', which is not in the NBI catalog {}; it is not offered",
                        name, catalog.roots());
            }
            return Optional.empty();
        }
        return named.stream().filter(i -> i.supports(client.architecture(), client.systemId(), client.mac()))
                .filter(i -> client.request() != BsdpMessageType.LIST || client.attributesFilter().isEmpty()
                        || i.matchesAttributes(client.attributesFilter()))
                .findFirst();
    }
}
