package dev.orchard.ops.machines;

import dev.orchard.http.spi.MachineQuery;
import dev.orchard.ops.journal.JournalRecord;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON shape of a machine's status, for {@code GET /api/v1/machines[/{mac}]} and for
 * {@code orchard machines --json}: plain values only (maps, lists, strings, numbers, null), so any
 * {@code ObjectMapper} writes it the same way. Every machine field is always present (null when unknown);
 * event fields are present only when set, as the agent posted them.
 */
public final class MachineJson {

    /** Events per machine in a list; one machine's own page shows its whole retained history. */
    public static final int EVENTS_IN_LIST = 20;

    private MachineJson() {
    }

    /** {@code {"machines": […], "nextCursor": …, "next": "/api/v1/machines?…&cursor=…"}}. */
    public static Map<String, Object> page(MachineSelection.Page page, MachineQuery query) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machines", page.machines().stream().map(m -> machine(m, EVENTS_IN_LIST)).toList());
        out.put("nextCursor", page.nextCursor().orElse(null));
        out.put("next", page.nextCursor().map(c -> "/api/v1/machines?" + query.after(c).queryString()).orElse(null));
        return out;
    }

    /** One machine, with its last {@code maxEvents} events (oldest first). */
    public static Map<String, Object> machine(MachineStatus m, int maxEvents) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mac", m.mac());
        r.put("name", m.name());
        r.put("serial", m.serial());
        r.put("model", m.model());
        r.put("policy", m.policy());
        r.put("action", m.action());
        r.put("runId", m.runId());
        r.put("stage", m.stage() == null ? null : m.stage().wireName());
        r.put("result", m.result() == null ? null : m.result().wireName());
        r.put("step", m.step());
        r.put("bytesDone", m.bytesDone());
        r.put("bytesTotal", m.bytesTotal());
        r.put("progress", m.progress());
        r.put("message", m.message());
        r.put("lastSeen", m.lastSeen() == null ? null : m.lastSeen().toString());
        List<Map<String, Object>> events = new ArrayList<>();
        for (JournalRecord record : m.history()) {
            if (record instanceof MachineEvent e) {
                events.add(event(e));
            }
        }
        r.put("lastEvents", List.copyOf(events.subList(Math.max(0, events.size() - maxEvents), events.size())));
        r.put("mdm", mdm(m));
        r.put("rerun", m.rerun() == null ? null : Map.of("requestedAt", String.valueOf(m.rerun().receivedAt()),
                "by", m.rerun().by(), "expiresAt", m.rerun().expiresAt().toString()));
        return r;
    }

    /** The MDM path (docs/mdm.md): the UDID and the erase flow's stage, or null for a Mac never seen there. */
    private static Map<String, Object> mdm(MachineStatus m) {
        if (m.erase() == null && m.mdmLink() == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("udid", m.erase() != null && m.erase().udid() != null ? m.erase().udid() : m.mdmLink().udid());
        out.put("eraseStage", m.erase() == null ? null : m.erase().stage());
        out.put("reason", m.erase() == null ? null : m.erase().reason());
        out.put("detail", m.erase() == null ? null : m.erase().detail());
        out.put("since", m.erase() == null ? null : m.erase().stageSince().toString());
        return out;
    }

    private static Map<String, Object> event(MachineEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        put(m, "runId", e.runId());
        m.put("stage", e.stage().wireName());
        put(m, "step", e.step());
        m.put("result", e.result().wireName());
        put(m, "bytesDone", e.bytesDone());
        put(m, "bytesTotal", e.bytesTotal());
        put(m, "message", e.message());
        put(m, "at", e.at() == null ? null : e.at().toString());
        put(m, "receivedAt", e.receivedAt() == null ? null : e.receivedAt().toString());
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
