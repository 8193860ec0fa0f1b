package dev.orchard.ops.page;

import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.JournalRecord;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineForgotten;
import dev.orchard.ops.journal.MachineSeen;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.mdm.EraseStage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Mac as a row of the lab page: the journal's status ({@link MachineStatus}) with what the page adds —
 * the groups it belongs to, the NBI it was given, the transfer rate of its current stage and the time left.
 * Plain JSON values only. The rate is measured from the agent's own progress reports as the server received
 * them: bytes between the oldest and the newest report of the current stage within {@link #RATE_WINDOW}.
 */
public final class LabRows {

    /** Reports older than this do not count towards the current rate. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    private LabRows() {
    }

    /** Whether the journal holds nothing about the Mac but that it was forgotten (the lab does not list it). */
    public static boolean forgotten(MachineStatus m) {
        return m.history().size() == 1 && m.history().get(0) instanceof MachineForgotten;
    }

    public static Map<String, Object> row(MachineStatus m, MachineDirectory directory) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mac", m.mac());
        r.put("name", m.name());
        r.put("serial", m.serial());
        r.put("model", m.model());
        r.put("groups", groups(m, directory));
        r.put("policy", m.policy());
        r.put("action", m.action());
        r.put("nbi", nbi(m));
        r.put("runId", m.runId());
        r.put("stage", m.stage() == null ? null : m.stage().wireName());
        r.put("step", m.step());
        r.put("result", m.result() == null ? null : m.result().wireName());
        Map<String, Object> erase = erase(m);
        r.put("failed", m.result() == EventResult.FAILED || erase != null && Boolean.TRUE.equals(erase.get("failed")));
        r.put("bytesDone", m.bytesDone());
        r.put("bytesTotal", m.bytesTotal());
        r.put("progress", m.progress());
        Double rate = rate(m);
        r.put("throughput", rate);
        r.put("eta", rate == null || rate <= 0 || m.bytesTotal() == null || m.bytesDone() == null ? null
                : Math.max(0, (m.bytesTotal() - m.bytesDone()) / rate));
        r.put("lastSeen", m.lastSeen() == null ? null : m.lastSeen().toString());
        r.put("message", m.message());
        r.put("erase", erase);
        r.put("rerun", m.rerun() == null ? null : Map.of("requestedAt", String.valueOf(m.rerun().receivedAt()),
                "by", m.rerun().by()));
        return r;
    }

    /**
     * The MDM erase flow of the Mac (docs/mdm.md), or null when it was never erased: its stage by its wire name,
     * whatever the stages are — a new stage of the flow shows without a change here — whether it ended, and
     * whether it ended without the Mac erased and set up (refused, failed, timed out: the reason and detail say).
     */
    static Map<String, Object> erase(MachineStatus m) {
        if (m.erase() == null) {
            return null;
        }
        EraseStage stage = EraseStage.parse(m.erase().stage());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("stage", stage.wireName());
        e.put("ended", stage.terminal());
        e.put("failed", stage.terminal() && stage != EraseStage.DONE);
        e.put("reason", m.erase().reason());
        e.put("detail", m.erase().detail());
        e.put("since", m.erase().stageSince().toString());
        return e;
    }

    private static List<String> groups(MachineStatus m, MachineDirectory directory) {
        List<String> out = new ArrayList<>();
        if (directory == null) {
            return out;
        }
        MacAddress mac = MacAddress.parse(m.mac());
        for (String g : directory.groupNames()) {
            if (directory.macsOf(g).contains(mac) || m.serial() != null && directory.serialsOf(g).contains(m.serial())) {
                out.add(g);
            }
        }
        return out;
    }

    /** The NBI of the latest "seen" record still in the history. */
    static String nbi(MachineStatus m) {
        List<JournalRecord> h = m.history();
        for (int i = h.size() - 1; i >= 0; i--) {
            if (h.get(i) instanceof MachineSeen s && s.nbi() != null) {
                return s.nbi();
            }
        }
        return null;
    }

    /** Bytes per second of the current stage while it runs; null when it is not transferring. */
    static Double rate(MachineStatus m) {
        if (m.stage() == null || m.bytesDone() == null
                || m.result() != EventResult.PROGRESS && m.result() != EventResult.STARTED) {
            return null;
        }
        MachineEvent newest = null;
        MachineEvent oldest = null;
        List<JournalRecord> h = m.history();
        for (int i = h.size() - 1; i >= 0; i--) {
            if (!(h.get(i) instanceof MachineEvent e) || e.bytesDone() == null || e.receivedAt() == null) {
                continue;
            }
            if (e.stage() != m.stage() || !java.util.Objects.equals(e.runId(), m.runId())) {
                break;
            }
            if (newest == null) {
                newest = e;
            } else if (Duration.between(e.receivedAt(), newest.receivedAt()).compareTo(RATE_WINDOW) > 0) {
                break;
            }
            oldest = e;
        }
        if (newest == null || oldest == newest) {
            return null;
        }
        double seconds = seconds(oldest.receivedAt(), newest.receivedAt());
        return seconds <= 0 ? null : (newest.bytesDone() - oldest.bytesDone()) / seconds;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
