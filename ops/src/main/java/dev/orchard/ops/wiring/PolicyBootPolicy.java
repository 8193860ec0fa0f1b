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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The BSDP question answered by the admins' policies: which NBIs may this Mac see and boot? Decided from
 * what BSDP knows (MAC, model from the vendor class, ciaddr; never the serial), with the snapshot current
 * at the time of the request. The matched rule's NBI is the default; NBIs of earlier rules still
 * undecided without the serial are offered after it (docs/policies.md, "Facts the server does not have
 * yet"). No NBI (no rule, or action {@code none}) means silence. NBIs are named by their NBImageInfo
 * {@code Name} and resolved against the catalog snapshot the server passes in; an image that cannot
 * boot this Mac's architecture is left out. One info line per exchange.
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
        Decision d = PolicyEvaluator.decide(snapshot, id);
        List<NbImage> images = resolve(d.possibleNbis(), client, catalog);
        String verb = client.request() == BsdpMessageType.LIST ? "LIST" : "SELECT";
        String by = d.matched() ? "policy '" + d.rule().name() + "' (" + d.action().yamlName() + ")" : "no policy";
        if (images.isEmpty()) {
            LOG.info("BSDP {} {} {} {}: no netboot offered ({})", verb, id.mac(), client.systemId(),
                    client.ciaddr().getHostAddress(), by);
            return Optional.empty();
        }
        LOG.info("BSDP {} {} {} {}: image {} by {}{}", verb, id.mac(), client.systemId(),
                client.ciaddr().getHostAddress(), images.get(0).name(), by,
                images.size() > 1 ? ", also offered " + images.subList(1, images.size()).stream().map(NbImage::name).toList()
                        : "");
        return Optional.of(BootOffer.of(images));
    }

    /** The catalog images named, in order, that this Mac can boot; one image per name, IDs unique. */
    private List<NbImage> resolve(List<String> names, BootClient client, NbiCatalog catalog) {
        Map<Object, NbImage> byId = new LinkedHashMap<>();
        for (String name : names) {
            List<NbImage> named = catalog.byName(name);
            if (named.isEmpty()) {
                if (warnedMissing.add(name)) {
                    LOG.warn("policy names NBI '{}', which is not in the NBI catalog {}; it is not offered",
                            name, catalog.roots());
                }
                continue;
            }
            named.stream().filter(i -> i.supports(client.architecture(), client.systemId(), client.mac()))
                    .filter(i -> client.request() != BsdpMessageType.LIST || client.attributesFilter().isEmpty()
                            || i.matchesAttributes(client.attributesFilter()))
                    .findFirst().ifPresent(i -> byId.putIfAbsent(i.id(), i));
        }
        return new ArrayList<>(byId.values());
    }
}
