package dev.orchard.ops.wiring;


import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.http.manifest.ImageScanner;
import dev.orchard.http.spi.AdminPort;
import dev.orchard.http.spi.AdminResult;
import dev.orchard.http.spi.EventResult;
import dev.orchard.http.spi.EventStage;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.IssuedTicket;
import dev.orchard.http.spi.MachineEvent;
import dev.orchard.http.spi.MachineStatus;
import dev.orchard.http.spi.PlanAction;
import dev.orchard.http.spi.TicketRequest;
import dev.orchard.ops.admission.AgentAdmission;
import dev.orchard.ops.config.Ipv4;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalRecord;
import dev.orchard.ops.reload.ReloadResult;
import dev.orchard.ops.reload.SnapshotHolder;
import dev.orchard.ops.spi.ReloadOutcome;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The admin API: machines from the journal's per-machine view, block images from their manifests,
 * {@code reload} through the {@link SnapshotHolder} (a broken configuration is refused with its errors
 * and the running one stays), {@code rescan} of the NBI catalog and the block images (new and changed
 * images are hashed).
 */
public final class JournalAdminPort implements AdminPort {

    /** Events per machine in the list; one machine's page shows its whole retained history. */
    static final int EVENTS_IN_LIST = 20;

    private final Journal journal;
    private final SnapshotHolder holder;
    private final LiveCatalog catalog;
    private final ImageLibrary images;
    private final AgentAdmission admission;

    public JournalAdminPort(Journal journal, SnapshotHolder holder, LiveCatalog catalog, ImageLibrary images,
                            AgentAdmission admission) {
        this.journal = journal;
        this.holder = holder;
        this.catalog = catalog;
        this.images = images;
        this.admission = admission;
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
    public List<MachineStatus> machines() {
        return journal.machines().stream().map(m -> status(m, EVENTS_IN_LIST)).toList();
    }

    @Override
    public Optional<MachineStatus> machine(String mac) {
        return journal.machine(MacAddress.parse(mac)).map(m -> status(m, Integer.MAX_VALUE));
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

    static MachineStatus status(dev.orchard.ops.journal.MachineStatus m, int maxEvents) {
        List<MachineEvent> events = new ArrayList<>();
        for (JournalRecord r : m.history()) {
            if (r instanceof dev.orchard.ops.journal.MachineEvent e) {
                try {
                    events.add(new MachineEvent(e.seq(), e.runId(), EventStage.fromWire(e.stage().wireName()), e.step(),
                            EventResult.fromWire(e.result().wireName()), e.bytesDone(), e.bytesTotal(), e.message(),
                            e.at()));
                } catch (IllegalArgumentException skipped) {
                    // a record the API contract cannot carry (hand-edited journal): left out of the answer
                }
            }
        }
        List<MachineEvent> last = events.subList(Math.max(0, events.size() - maxEvents), events.size());
        return new MachineStatus(m.mac(), m.serial(), m.model(), m.name(), action(m.action()), m.policy(), m.lastSeen(),
                last);
    }

    private static PlanAction action(String text) {
        if (text == null) {
            return null;
        }
        try {
            return PlanAction.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
