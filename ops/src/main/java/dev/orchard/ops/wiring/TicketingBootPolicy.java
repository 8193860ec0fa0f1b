package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.spi.BootClient;
import dev.orchard.bsdp.spi.BootOffer;
import dev.orchard.bsdp.spi.BootPolicy;
import dev.orchard.ops.admission.AgentAdmission;

import java.util.Optional;

/**
 * A boot policy that also issues the netboot ticket of every Mac it sends an ACK[SELECT]: the Mac's
 * address then lets its agent claim its plan ({@link AgentAdmission}). The offer itself is the wrapped
 * policy's.
 */
final class TicketingBootPolicy implements BootPolicy {

    private final BootPolicy policy;
    private final AgentAdmission admission;

    TicketingBootPolicy(BootPolicy policy, AgentAdmission admission) {
        this.policy = policy;
        this.admission = admission;
    }

    @Override
    public Optional<BootOffer> offer(BootClient client, NbiCatalog catalog) {
        return policy.offer(client, catalog);
    }

    @Override
    public void selected(BootClient client, NbImage image) {
        policy.selected(client, image);
        admission.netbooted(client.mac().toString(), client.ciaddr());
    }
}
