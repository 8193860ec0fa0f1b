package dev.orchard.ops.journal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-machine state the journal keeps in memory, rebuilt by replaying the segments: identity,
 * current stage and progress, the last event per stage, a bounded history, and the idempotency keys
 * of recent events. Not thread-safe: only the journal's writer thread (or a one-off reader) uses it.
 */
final class MachineBook {

    /** Open tickets kept per machine: a flood of spoofed netboots cannot grow the book without bound. */
    static final int OPEN_TICKETS = 4;

    private final JournalOptions options;
    private final Map<String, Entry> machines = new HashMap<>();

    MachineBook(JournalOptions options) {
        this.options = options;
    }

    private static final class Entry {
        final String mac;
        final Deque<JournalRecord> history = new ArrayDeque<>();
        final Set<String> keys = new LinkedHashSet<>();
        final Map<Stage, MachineEvent> lastByStage = new EnumMap<>(Stage.class);
        MachineSeen seen;
        MachineEvent last;
        /** Tickets not yet consumed by a grant, newest last, at most {@link #OPEN_TICKETS}. */
        final Map<String, TicketIssued> openTickets = new java.util.LinkedHashMap<>();
        RunGranted grant;
        /** The erase flow's newest step and the Mac's newest MDM link (docs/mdm.md). */
        EraseStep erase;
        MdmDeviceLinked mdmLink;
        /** An admin's "re-run on next boot" that no run has consumed yet (docs/rerun.md). */
        RerunRequested rerun;
        Instant lastSeen;

        Entry(String mac) {
            this.mac = mac;
        }
    }

    /** True when an event with this key was already stored (a retried post). */
    boolean isDuplicate(MachineEvent e) {
        Entry m = machines.get(e.mac());
        return m != null && m.keys.contains(e.key());
    }

    /** Forgets the key of an event whose write failed, so the agent's retry is stored. */
    void forget(MachineEvent e) {
        Entry m = machines.get(e.mac());
        if (m != null) {
            m.keys.remove(e.key());
        }
    }

    /** Reserves the key before the write, so a duplicate in the same batch is recognised. */
    void reserve(MachineEvent e) {
        Entry m = machines.computeIfAbsent(e.mac(), Entry::new);
        m.keys.add(e.key());
        Iterator<String> it = m.keys.iterator();
        while (m.keys.size() > options.dedupeWindow() && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Applies a stored record to the machine's state. */
    void apply(JournalRecord r) {
        if (r instanceof MachineForgotten) {
            machines.remove(r.mac()); // the record below starts the Mac's new, empty entry
        }
        Entry m = machines.computeIfAbsent(r.mac(), Entry::new);
        if (r instanceof MachineEvent e) {
            m.keys.add(e.key());
            m.last = e;
            m.lastByStage.put(e.stage(), e);
        } else if (r instanceof MachineSeen s) {
            m.seen = s;
        } else if (r instanceof TicketIssued t) {
            m.openTickets.put(t.id(), t);
            Iterator<String> oldest = m.openTickets.keySet().iterator();
            while (m.openTickets.size() > OPEN_TICKETS) {
                oldest.next();
                oldest.remove();
            }
        } else if (r instanceof RunGranted g) {
            m.openTickets.remove(g.ticketId());
            // a run on another ticket than the current one is the Mac's next boot: it consumes the mark; the
            // current run's agent asking again (same ticket) does not
            if (m.rerun != null && (m.grant == null || !m.grant.ticketId().equals(g.ticketId()))) {
                m.rerun = null;
            }
            m.grant = g;
        } else if (r instanceof RerunRequested q) {
            m.rerun = q;
        } else if (r instanceof EraseStep e) {
            m.erase = e;
        } else if (r instanceof MdmDeviceLinked l) {
            m.mdmLink = l;
        }
        if (m.lastSeen == null || (r.receivedAt() != null && r.receivedAt().isAfter(m.lastSeen))) {
            m.lastSeen = r.receivedAt();
        }
        m.history.addLast(r);
        while (m.history.size() > options.historyPerMachine()) {
            m.history.removeFirst();
        }
    }

    MachineStatus status(String mac) {
        Entry m = machines.get(mac);
        if (m == null) {
            return null;
        }
        MachineSeen s = m.seen;
        MachineEvent e = m.last;
        Double progress = null;
        if (e != null && e.bytesDone() != null && e.bytesTotal() != null && e.bytesTotal() > 0) {
            progress = Math.min(100.0, 100.0 * e.bytesDone() / e.bytesTotal());
        } else if (e != null && e.stage() == Stage.DONE && e.result() == EventResult.SUCCEEDED) {
            progress = 100.0;
        }
        return new MachineStatus(m.mac, s == null ? null : s.serial(), s == null ? null : s.model(),
                s == null ? null : s.name(), s == null ? null : s.policy(), s == null ? null : s.action(),
                e == null ? null : e.runId(), e == null ? null : e.stage(), e == null ? null : e.step(),
                e == null ? null : e.result(), e == null ? null : e.bytesDone(), e == null ? null : e.bytesTotal(),
                progress, e == null ? null : e.message(), m.lastSeen, m.lastByStage, new ArrayList<>(m.history),
                new ArrayList<>(m.openTickets.values()), m.grant, m.erase, m.mdmLink, m.rerun);
    }

    Collection<String> macs() {
        return machines.keySet();
    }

    /**
     * Every machine's retained records: what compaction keeps. The latest "seen", the current grant and
     * the open tickets first (unless the history still holds them), then the history; replaying them in
     * this order rebuilds the same state (a ticket is written before the grant that would consume it).
     */
    List<JournalRecord> retained() {
        List<JournalRecord> out = new ArrayList<>();
        for (Entry m : machines.values()) {
            if (m.seen != null && !m.history.contains(m.seen)) {
                out.add(m.seen);
            }
            if (m.grant != null && !m.history.contains(m.grant)) {
                out.add(m.grant);
            }
            if (m.mdmLink != null && !m.history.contains(m.mdmLink)) {
                out.add(m.mdmLink);
            }
            if (m.erase != null && !m.history.contains(m.erase)) {
                out.add(m.erase);
            }
            if (m.rerun != null && !m.history.contains(m.rerun)) {
                out.add(m.rerun);
            }
            for (TicketIssued t : m.openTickets.values()) {
                if (!m.history.contains(t)) {
                    out.add(t);
                }
            }
            out.addAll(m.history);
        }
        return out;
    }
}
