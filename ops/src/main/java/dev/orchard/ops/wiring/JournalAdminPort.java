package dev.orchard.ops.wiring;


import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.http.manifest.ImageScanner;
import dev.orchard.http.spi.AdminPort;
import dev.orchard.http.spi.AdminResult;
import dev.orchard.http.spi.EraseRequest;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.IssuedTicket;
import dev.orchard.http.spi.TicketRequest;
import dev.orchard.ops.admission.AgentAdmission;
import dev.orchard.ops.config.Ipv4;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.Journal;
import dev.orchard.http.spi.ExplainQuery;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.http.spi.MachineQuery;
import dev.orchard.ops.machines.MachineJson;
import dev.orchard.ops.machines.MachineSelection;
import dev.orchard.ops.mdm.EraseTrigger;
import dev.orchard.ops.policy.ExplainJson;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;
import dev.orchard.ops.reload.ReloadResult;
import dev.orchard.ops.reload.SnapshotHolder;
import dev.orchard.ops.spi.ReloadOutcome;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The admin API: machines from the journal's per-machine view, filtered and paged by
 * {@link MachineSelection} and shaped by {@link MachineJson} (as {@code orchard machines} does), the
 * explanation of the running policy for one Mac shaped by {@link ExplainJson} (as {@code orchard explain}),
 * block images from their manifests, {@code reload} through the {@link SnapshotHolder} (a broken
 * configuration is refused with its errors and the running one stays), {@code rescan} of the NBI catalog
 * and the block images (new and changed images are hashed).
 */
public final class JournalAdminPort implements AdminPort {

    private final Journal journal;
    private final SnapshotHolder holder;
    private final LiveCatalog catalog;
    private final ImageLibrary images;
    private final AgentAdmission admission;
    private final EraseTrigger erase;

    public JournalAdminPort(Journal journal, SnapshotHolder holder, LiveCatalog catalog, ImageLibrary images,
                            AgentAdmission admission) {
        this(journal, holder, catalog, images, admission, null);
    }

    /** With the MDM erase flow's trigger ({@code POST /api/v1/admin/erase}); null = this server erases nothing. */
    public JournalAdminPort(Journal journal, SnapshotHolder holder, LiveCatalog catalog, ImageLibrary images,
                            AgentAdmission admission, EraseTrigger erase) {
        this.journal = journal;
        this.holder = holder;
        this.catalog = catalog;
        this.images = images;
        this.admission = admission;
        this.erase = erase;
    }

    @Override
    public Map<String, Object> erase(EraseRequest request) throws IOException {
        if (erase == null) {
            throw new UnsupportedOperationException("this server erases no Macs");
        }
        return erase.erase(request);
    }

    @Override
    public IssuedTicket issueTicket(TicketRequest request) throws IOException {
        Optional<InetAddress> address = Optional.empty();
        if (request.address() != null) {
            Ipv4.parse(request.address()); // a dotted quad (IllegalArgumentException, a 400, otherwise): no DNS lookup
            address = Optional.of(InetAddress.getByName(request.address()));
        }
        AgentAdmission.IssuedCode code = admission.issueCode(request.mac(), address,
                Optional.ofNullable(request.ttlSeconds()).map(Duration::ofSeconds));
        return new IssuedTicket(code.mac(), code.code(), code.address(), code.expiresAt());
    }

    @Override
    public Map<String, Object> requestRerun(dev.orchard.http.spi.RerunRequest request) throws IOException {
        if (journal.machine(dev.orchard.ops.config.MacAddress.parse(request.mac())).isEmpty()) {
            throw new IllegalArgumentException("no machine " + request.mac() + " is known: a Mac that was never seen"
                    + " runs at its first netboot anyway");
        }
        var mark = admission.requestRerun(request.mac(), "admin api");
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("mac", mark.mac());
        out.put("requestedAt", String.valueOf(mark.receivedAt()));
        out.put("expiresAt", mark.expiresAt().toString());
        out.put("address", mark.address());
        return out;
    }

    @Override
    public Map<String, Object> machines(MachineQuery query) {
        MachineSelection.Page page = MachineSelection.select(journal.machines(), query, holder.current().directory());
        return MachineJson.page(page, query);
    }

    @Override
    public Optional<Map<String, Object>> machine(String mac) {
        return journal.machine(MacAddress.parse(mac)).map(m -> MachineJson.machine(m, Integer.MAX_VALUE));
    }

    /** Parsed exactly as {@code orchard explain} parses its options; decided on the snapshot serving now. */
    @Override
    public Map<String, Object> explain(ExplainQuery query) {
        MachineIdentity id;
        try {
            id = MachineIdentity.parse(query.mac(), query.serial().orElse(null), query.model().orElse(null),
                    query.ip().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        return ExplainJson.of(PolicyEvaluator.decide(holder.current(), id),
                journal.machine(id.mac()).flatMap(dev.orchard.ops.mdm.MdmReports::of));
    }

    @Override
    public List<ImageManifest> images() throws Exception {
        return images.manifests();
    }

    @Override
    public AdminResult reloadPolicy() {
        ReloadResult r = holder.reload();
        if (r.outcome() == ReloadOutcome.REJECTED) {
            return AdminResult.failed("configuration rejected, the previous one keeps serving:\n"
                    + r.problems().stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
        return AdminResult.ok(r.outcome().tag() + ": " + r.snapshot().config().policies().size() + " policies, "
                + r.problems().size() + " warning(s)");
    }

    @Override
    public AdminResult rescanImages() throws Exception {
        NbiCatalog nbis = catalog.rescan();
        List<ImageManifest> blocks = images.scan(ImageScanner.Progress.NONE);
        return AdminResult.ok(nbis.images().size() + " NBI image(s), " + nbis.errors().size() + " bundle(s) not served; "
                + blocks.size() + " block image(s) with fresh manifests");
    }
}
