package dev.orchard.ops.page;

import dev.orchard.http.spi.AdminResult;
import dev.orchard.http.spi.ImageManifest;
import dev.orchard.http.spi.LabChanges;
import dev.orchard.http.spi.LabPagePort;
import dev.orchard.http.spi.PageAction;
import dev.orchard.ops.admission.AgentAdmission;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.MachineForgotten;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.mdm.EraseTrigger;
import dev.orchard.ops.config.Action;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.ExplainJson;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;
import dev.orchard.ops.reload.SnapshotHolder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The lab page's port (docs/lab-page.md), from the journal: rows from its per-machine view through the
 * {@link LabFeed}, one Mac's history and its {@code explain} on the snapshot serving now, the server's
 * overview, and the actions — "re-run" journals the one-shot mark of {@link AgentAdmission#requestRerun}
 * (docs/rerun.md), "code" issues an enrollment code through {@link AgentAdmission} (journaled as a ticket; the
 * code is shown once), "forget" journals a {@link MachineForgotten}.
 */
public final class JournalLabPagePort implements LabPagePort {

    private final Journal journal;
    private final LabFeed feed;
    private final SnapshotHolder holder;
    private final AgentAdmission admission;
    private final Callable<List<ImageManifest>> images;
    private final Supplier<List<Map<String, Object>>> listeners;
    /** The MDM erase trigger of {@code POST /api/v1/admin/erase}, or null on a server without {@code mdm:}. */
    private EraseTrigger erase;

    public JournalLabPagePort(Journal journal, LabFeed feed, SnapshotHolder holder, AgentAdmission admission,
                              Callable<List<ImageManifest>> images, Supplier<List<Map<String, Object>>> listeners) {
        this.journal = journal;
        this.feed = feed;
        this.holder = holder;
        this.admission = admission;
        this.images = images;
        this.listeners = listeners;
    }

    /** The page's "Erase" goes through {@code trigger}, the admin API's (docs/lab-page.md, "Actions"). */
    public JournalLabPagePort withErase(EraseTrigger trigger) {
        this.erase = trigger;
        return this;
    }

    @Override
    public LabChanges changes(String epoch, long since) {
        LabFeed.Changes c = feed.since(epoch, since, journal::machines);
        ConfigSnapshot snapshot = holder.current();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String mac : c.changed()) {
            Optional<MachineStatus> m = journal.machine(MacAddress.parse(mac));
            if (m.isEmpty() || LabRows.forgotten(m.get())) {
                removed.add(mac);
            } else {
                rows.add(LabRows.row(m.get(), snapshot.directory()));
            }
        }
        return new LabChanges(c.epoch(), c.version(), c.snapshot(), rows, c.snapshot() ? List.of() : removed);
    }

    @Override
    public AutoCloseable subscribe(Runnable changed) {
        return feed.subscribe(changed);
    }

    @Override
    public Optional<Map<String, Object>> machine(String mac) {
        Optional<MachineStatus> found = journal.machine(MacAddress.parse(mac));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MachineStatus m = found.get();
        ConfigSnapshot snapshot = holder.current();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", LabRows.row(m, snapshot.directory()));
        doc.put("forgotten", LabRows.forgotten(m));
        doc.put("runs", MachineHistory.runs(m));
        doc.put("records", MachineHistory.records(m));
        Object explain;
        boolean erasable = false;
        try {
            Decision d = PolicyEvaluator.decide(snapshot, MachineIdentity.parse(m.mac(), m.serial(), m.model(), null));
            explain = ExplainJson.of(d);
            erasable = erase != null && d.matched() && d.action() == Action.ERASE;
        } catch (IllegalArgumentException e) {
            explain = Map.of("error", String.valueOf(e.getMessage()));
        }
        doc.put("explain", explain);
        doc.put("erasable", erasable);
        return Optional.of(doc);
    }

    @Override
    public Map<String, Object> server() throws Exception {
        ConfigSnapshot snapshot = holder.current();
        double throughput = 0;
        int machines = 0;
        for (MachineStatus m : journal.machines()) {
            if (LabRows.forgotten(m)) {
                continue;
            }
            machines++;
            Double rate = LabRows.rate(m);
            throughput += rate == null ? 0 : rate;
        }
        return ServerOverview.of(snapshot, holder.lastReload(), listeners.get(), images.call(), throughput, machines);
    }

    @Override
    public AdminResult act(String mac, PageAction action) throws Exception {
        return act(mac, action, "");
    }

    @Override
    public AdminResult act(String mac, PageAction action, String confirmation) throws Exception {
        Optional<MachineStatus> m = journal.machine(MacAddress.parse(mac));
        if (m.isEmpty() || LabRows.forgotten(m.get())) {
            return AdminResult.failed("no machine " + mac + " is known");
        }
        return switch (action) {
            case RERUN -> {
                var mark = admission.requestRerun(mac, "lab page");
                yield AdminResult.ok("re-run requested for " + mac + ": its next netboot runs it again"
                        + (mark.address() == null ? "" : ", or its agent started again from " + mark.address())
                        + " (until " + mark.expiresAt() + ")");
            }
            case CODE -> {
                AgentAdmission.IssuedCode code = admission.issueCode(mac, Optional.empty(), Optional.empty());
                yield AdminResult.ok("enrollment code for " + mac + ": " + code.code() + " (shown once; valid until "
                        + code.expiresAt() + "). Start its agent with --ticket " + code.code()
                        + "; a Mac that netboots again needs none.");
            }
            case ERASE -> PageErase.start(erase, holder.current(), m.get(), confirmation);
            case FORGET -> {
                var erase = m.get().erase();
                if (erase != null && !dev.orchard.ops.mdm.EraseStage.parse(erase.stage()).terminal()) {
                    // the erase flow keeps its own state in memory: forgetting the Mac under it would lose the
                    // flow at the next restart with the Mac half erased (docs/lab-page.md)
                    yield AdminResult.failed(mac + " is being erased through the MDM (" + erase.stage()
                            + "); forget it once its erase flow has ended");
                }
                journal.append(new MachineForgotten(mac, "lab page", null, null)).get(10, TimeUnit.SECONDS);
                yield AdminResult.ok("forgot " + mac + "; its current run's token is no longer accepted");
            }
        };
    }
}
