package dev.orchard.ops.page;

import dev.orchard.ops.journal.EraseStep;
import dev.orchard.ops.journal.EventResult;
import dev.orchard.ops.journal.JournalRecord;
import dev.orchard.ops.journal.MachineEvent;
import dev.orchard.ops.journal.MachineForgotten;
import dev.orchard.ops.journal.MachineSeen;
import dev.orchard.ops.journal.MachineStatus;
import dev.orchard.ops.journal.RerunRequested;
import dev.orchard.ops.journal.RunGranted;
import dev.orchard.ops.journal.TicketIssued;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Mac's retained history as the machine page shows it: the agent's events grouped into runs (by run id,
 * in the order they began) and, within a run, into stages — a workflow step is a stage row of its own —
 * each with when it started and ended (the server's receive times), how long it took, its result, its
 * bytes and its last message (a failure's reason); and the journal's other records (plans served, tickets,
 * grants, forgetting) as lines.
 */
final class MachineHistory {

    private MachineHistory() {
    }

    static List<Map<String, Object>> runs(MachineStatus m) {
        Map<String, List<MachineEvent>> byRun = new LinkedHashMap<>();
        for (JournalRecord r : m.history()) {
            if (r instanceof MachineEvent e) {
                byRun.computeIfAbsent(Objects.requireNonNullElse(e.runId(), ""), k -> new ArrayList<>()).add(e);
            }
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        byRun.forEach((runId, events) -> runs.add(run(runId, events)));
        return runs;
    }

    private static Map<String, Object> run(String runId, List<MachineEvent> events) {
        Map<String, List<MachineEvent>> byStage = new LinkedHashMap<>();
        for (MachineEvent e : events) {
            byStage.computeIfAbsent(e.stage().wireName() + (e.step() == null ? "" : " " + e.step()),
                    k -> new ArrayList<>()).add(e);
        }
        List<Map<String, Object>> stages = new ArrayList<>();
        boolean failed = false;
        boolean done = false;
        for (List<MachineEvent> s : byStage.values()) {
            Map<String, Object> stage = stage(s);
            stages.add(stage);
            failed |= "failed".equals(stage.get("result"));
            done |= s.get(0).stage() == dev.orchard.ops.journal.Stage.DONE && "succeeded".equals(stage.get("result"));
        }
        Instant start = events.get(0).receivedAt();
        Instant end = events.get(events.size() - 1).receivedAt();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("runId", runId.isEmpty() ? null : runId);
        run.put("started", text(start));
        run.put("ended", failed || done ? text(end) : null);
        run.put("result", failed ? "failed" : done ? "succeeded" : null);
        run.put("durationMs", failed || done ? millis(start, end) : null);
        run.put("stages", stages);
        return run;
    }

    private static Map<String, Object> stage(List<MachineEvent> events) {
        MachineEvent first = events.get(0);
        MachineEvent last = events.get(events.size() - 1);
        boolean ended = last.result() == EventResult.SUCCEEDED || last.result() == EventResult.FAILED
                || last.result() == EventResult.SKIPPED;
        String message = null;
        Long done = null;
        Long total = null;
        for (MachineEvent e : events) {
            message = e.message() != null ? e.message() : message;
            done = e.bytesDone() != null ? e.bytesDone() : done;
            total = e.bytesTotal() != null ? e.bytesTotal() : total;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("stage", first.stage().wireName());
        s.put("step", first.step());
        s.put("started", text(first.receivedAt()));
        s.put("ended", ended ? text(last.receivedAt()) : null);
        s.put("durationMs", ended ? millis(first.receivedAt(), last.receivedAt()) : null);
        s.put("result", last.result().wireName());
        s.put("bytesDone", done);
        s.put("bytesTotal", total);
        s.put("message", message);
        s.put("events", events.size());
        return s;
    }

    /** Every record that is not an agent event, oldest first, as one line each. */
    static List<Map<String, Object>> records(MachineStatus m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JournalRecord r : m.history()) {
            String kind;
            String text;
            String stage = null;
            if (r instanceof MachineSeen s) {
                kind = "seen";
                text = "plan or netboot answered: policy " + s.policy() + ", action " + s.action()
                        + (s.nbi() == null ? "" : ", NBI " + s.nbi()) + (s.name() == null ? "" : ", name " + s.name());
            } else if (r instanceof TicketIssued t) {
                kind = "ticket";
                text = (TicketIssued.CODE.equals(t.origin()) ? "enrollment code issued"
                        : "netboot ticket for " + t.address()) + ", valid until " + t.expiresAt();
            } else if (r instanceof RunGranted g) {
                kind = "grant";
                text = "agent run " + g.runId() + " let in from " + g.address() + ", token until " + g.expiresAt();
            } else if (r instanceof EraseStep e) {
                kind = "erase";
                stage = e.stage();
                text = "MDM erase: " + e.stage() + (e.command() == null ? "" : ", " + e.command()
                        + (e.handedOver() ? " queued at the MDM" : " to send")) + (e.reason() == null ? "" : " (" + e.reason() + ")")
                        + (e.detail() == null ? "" : ": " + e.detail());
            } else if (r instanceof RerunRequested q) {
                kind = "rerun";
                text = "re-run on next boot requested (" + q.by() + ")" + (q.address() == null ? ""
                        : "; an agent from " + q.address() + " may run without netbooting") + ", until " + q.expiresAt();
            } else if (r instanceof MachineForgotten f) {
                kind = "forgotten";
                text = "forgotten (" + f.by() + ")" + (f.reason() == null ? "" : ": " + f.reason());
            } else {
                continue; // agent events are in the runs
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("at", text(r.receivedAt()));
            line.put("kind", kind);
            line.put("text", text);
            if (stage != null) {
                line.put("stage", stage);
            }
            out.add(line);
        }
        return out;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Long millis(Instant a, Instant b) {
        return a == null || b == null ? null : Duration.between(a, b).toMillis();
    }
}
