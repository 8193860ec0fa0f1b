package dev.orchard.ops.mdm;

import dev.orchard.http.spi.AdminRefusedException;
import dev.orchard.http.spi.EraseRequest;
import dev.orchard.http.spi.InvalidRequestException;
import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.EraseSettings;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalRecord;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.PolicyEvaluator;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An admin's erase request ({@code orchard erase}, {@code POST /api/v1/admin/erase}): resolves the names to
 * Macs, keeps those whose policy says {@code erase} and that the MDM knows, and starts their flows — behind
 * two guards against erasing a lab by a typo: more than {@code erase.confirm_above} Macs need
 * {@code confirm} equal to their count, and at most {@code erase.max_per_hour} flows start in any hour.
 * A dry run answers the same document, with the commands each Mac would be sent, and starts nothing.
 */
public final class EraseTrigger {

    private static final Duration HOUR = Duration.ofHours(1);

    private final EraseFlow flow;
    private final DeviceLinks links;
    private final Journal journal;
    private final Supplier<ConfigSnapshot> snapshots;
    private final AgentPackage agent;
    private final Clock clock;
    private final Deque<Instant> started = new ArrayDeque<>();

    public EraseTrigger(EraseFlow flow, DeviceLinks links, Journal journal, Supplier<ConfigSnapshot> snapshots,
                        AgentPackage agent, Clock clock) {
        this.flow = flow;
        this.links = links;
        this.journal = journal;
        this.snapshots = snapshots;
        this.agent = agent;
        this.clock = clock;
        Instant since = clock.instant().minus(HOUR);
        journal.machines().stream().flatMap(m -> m.history().stream())
                .filter(r -> r instanceof EraseStep e && e.stage().equals(EraseStage.REQUESTED.wireName()))
                .map(JournalRecord::receivedAt).filter(t -> t != null && t.isAfter(since)).sorted()
                .forEach(started::addLast);
    }

    /** Resolves, checks the guards, and starts the flows (or, for a dry run, only says what it would do). */
    public synchronized Map<String, Object> erase(EraseRequest request) throws IOException {
        ConfigSnapshot snapshot = snapshots.get();
        EraseSettings settings = snapshot.config().erase();
        List<Map<String, Object>> machines = new ArrayList<>();
        List<Planned> eligible = new ArrayList<>();
        for (String mac : resolve(request, snapshot)) {
            Map<String, Object> row = row(mac, snapshot, settings, eligible);
            machines.add(row);
        }
        Instant now = clock.instant();
        while (!started.isEmpty() && !started.peekFirst().isAfter(now.minus(HOUR))) {
            started.removeFirst();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dryRun", request.dryRun());
        out.put("toErase", eligible.size());
        out.put("confirmAbove", settings.confirmAbove());
        out.put("confirmationNeeded", eligible.size() > settings.confirmAbove());
        out.put("erasesInLastHour", started.size());
        out.put("maxPerHour", settings.maxPerHour());
        out.put("machines", machines);
        if (request.dryRun()) {
            out.put("started", List.of());
            return out;
        }
        if (eligible.size() > settings.confirmAbove() && !Integer.valueOf(eligible.size()).equals(request.confirm())) {
            throw new AdminRefusedException(409, eligible.size() + " Macs would be erased, more than erase.confirm_above ("
                    + settings.confirmAbove() + "): send the request again with confirm " + eligible.size()
                    + (request.confirm() == null ? "" : " (it says " + request.confirm() + ")"), out);
        }
        if (started.size() + eligible.size() > settings.maxPerHour()) {
            throw new AdminRefusedException(429, "erase.max_per_hour is " + settings.maxPerHour() + " and "
                    + started.size() + " erase(s) started in the last hour: " + eligible.size() + " more would pass it",
                    out);
        }
        List<String> begun = new ArrayList<>();
        for (Planned p : eligible) {
            flow.start(p.mac(), p.udid(), p.workflow());
            started.addLast(clock.instant());
            begun.add(p.mac());
        }
        out.put("started", begun);
        return out;
    }

    private record Planned(String mac, String udid, String workflow) {
    }

    /** One Mac's line of the answer; adds it to {@code eligible} when it will be erased. */
    private Map<String, Object> row(String mac, ConfigSnapshot snapshot, EraseSettings settings,
                                    List<Planned> eligible) {
        Optional<MachineStatus> status = journal.machine(MacAddress.parse(mac));
        String serial = status.map(MachineStatus::serial).orElse(null);
        String model = status.map(MachineStatus::model).orElse(null);
        Decision d = PolicyEvaluator.decide(snapshot, MachineIdentity.parse(mac, serial, model, null));
        Optional<String> udid = links.udidOf(mac);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("mac", mac);
        row.put("serial", d.machine().serial());
        row.put("model", d.machine().model());
        row.put("policy", d.matched() ? d.rule().name() : null);
        row.put("action", d.action().yamlName());
        row.put("udid", udid.orElse(null));
        String skip = null;
        if (d.action() != Action.ERASE) {
            skip = d.matched() ? "policy '" + d.rule().name() + "' says " + d.action().yamlName() + ", not erase"
                    : "no policy applies to this Mac";
        } else if (udid.isEmpty()) {
            skip = "the MDM has not named this Mac yet: no check-in carried its serial (docs/mdm.md)";
        } else if (flow.active(mac).isPresent()) {
            skip = "already being erased (" + flow.active(mac).get().stage() + ")";
        }
        row.put("outcome", skip == null ? "erase" : "skipped");
        row.put("reason", skip);
        String workflow = d.workflow() == null ? null : d.workflow().name();
        row.put("workflow", workflow);
        row.put("commands", skip == null ? commands(mac, workflow, settings) : List.of());
        if (skip == null) {
            eligible.add(new Planned(mac, udid.get(), workflow));
        }
        return row;
    }

    /** What the MDM will be asked, in order (the erase only if the answers allow it). */
    private List<Map<String, Object>> commands(String mac, String workflow, EraseSettings settings) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(Map.of("requestType", EraseSteps.DEVICE_INFORMATION, "queries", ErasePreflight.QUERIES));
        out.add(Map.of("requestType", EraseSteps.SECURITY_INFO));
        Map<String, Object> erase = new LinkedHashMap<>();
        erase.put("requestType", EraseSteps.ERASE_DEVICE);
        erase.put("ObliterationBehavior", settings.obliteration());
        erase.put("sentWhen", "DeviceInformation and SecurityInfo say it runs without a password");
        out.add(erase);
        if (workflow != null) {
            out.add(AgentProfile.described());
            Map<String, Object> install = new LinkedHashMap<>();
            install.put("requestType", EraseSteps.INSTALL_AGENT);
            install.put("ManifestURL", agent.manifestUrl(mac).toString());
            install.put("sentWhen", "the Mac installed the enrollment profile");
            out.add(install);
            out.add(Map.of("requestType", EraseSteps.REMOVE_PROFILE, "Identifier", AgentProfile.IDENTIFIER,
                    "sentWhen", "the flow ends (the agent's run done or failed, or a timeout)"));
        }
        return out;
    }

    /** Every Mac the names give, in the order named; a name that gives none is a 400 (a typo, most likely). */
    private Set<String> resolve(EraseRequest request, ConfigSnapshot snapshot) {
        Set<String> macs = new LinkedHashSet<>();
        for (String m : request.macs()) {
            try {
                macs.add(MacAddress.parse(m).toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("macs: " + e.getMessage());
            }
        }
        for (String s : request.serials()) {
            macs.add(links.macOfSerial(s).orElseThrow(() -> new InvalidRequestException("serial " + s
                    + " names no Mac: it is in no inventory row with a MAC and no agent reported it")));
        }
        for (String g : request.groups()) {
            if (!snapshot.directory().hasGroup(g)) {
                throw new InvalidRequestException("group '" + g + "' is not a group of the running configuration");
            }
            snapshot.directory().macsOf(g).forEach(m -> macs.add(m.toString()));
            snapshot.directory().serialsOf(g).forEach(s -> links.macOfSerial(s).ifPresent(macs::add));
        }
        return macs;
    }
}
