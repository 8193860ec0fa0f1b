package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchard.ops.config.Action;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** The lab's final words: a summary table for people, or one JSON document for machines. */
public final class LabOutput {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LabOutput() {
    }

    public static void text(LabSummary s, PrintWriter out) {
        out.printf(Locale.ROOT, "lab: %d Macs, %d reached their end state, %d failed, in %.1f s (%s)%n", s.macs(),
                s.succeeded(), s.macs() - s.succeeded(), seconds(s.wall()), expectedCounts(s));
        out.printf(Locale.ROOT, "%-10s %6s %10s %10s %10s%n", "stage", "macs", "p50", "p99", "max");
        for (Stage stage : Stage.values()) {
            LabSummary.StageFigures f = s.stages().get(stage);
            if (f != null) {
                out.printf(Locale.ROOT, "%-10s %6d %10s %10s %10s%n", stage.label(), f.count(), human(f.p50()),
                        human(f.p99()), human(f.max()));
            }
        }
        out.printf(Locale.ROOT, "received   %.1f MiB, %.1f MiB/s, %.1f Macs/min; BSDP stray replies %d, TFTP busy"
                + " retries %d%n", s.bytes() / 1048576.0, s.mebibytesPerSecond(), s.macsPerMinute(), s.strayReplies(),
                s.tftpBusyRetries());
        if (!s.failures().isEmpty()) {
            out.println("failures:");
            for (MacResult f : s.failures()) {
                out.println("  " + ProgressDisplay.failureLine(f));
            }
        }
        out.flush();
    }

    public static void json(LabReport report, PrintWriter out) throws java.io.IOException {
        ObjectNode root = JSON.createObjectNode();
        root.set("summary", summary(report.summary()));
        ArrayNode macs = root.putArray("macs");
        for (MacResult r : report.results()) {
            macs.add(mac(r));
        }
        out.println(JSON.writeValueAsString(root));
        out.flush();
    }

    static ObjectNode summary(LabSummary s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("macs", s.macs()).put("succeeded", s.succeeded()).put("failed", s.macs() - s.succeeded())
                .put("ok", s.allSucceeded()).put("wallMs", s.wall().toMillis()).put("bytes", s.bytes())
                .put("mibPerSecond", round(s.mebibytesPerSecond())).put("macsPerMinute", round(s.macsPerMinute()))
                .put("bsdpStrayReplies", s.strayReplies()).put("tftpBusyRetries", s.tftpBusyRetries());
        ObjectNode expected = n.putObject("expected");
        for (Action a : Action.values()) {
            if (a != Action.ERASE || s.expected().containsKey(a)) {
                expected.put(a.yamlName(), s.expected().getOrDefault(a, 0));
            }
        }
        ObjectNode stages = n.putObject("stages");
        for (Stage stage : Stage.values()) {
            LabSummary.StageFigures f = s.stages().get(stage);
            if (f != null) {
                stages.putObject(stage.label()).put("count", f.count()).put("p50Ms", ms(f.p50()))
                        .put("p99Ms", ms(f.p99())).put("maxMs", ms(f.max()));
            }
        }
        ArrayNode failures = n.putArray("failures");
        for (MacResult f : s.failures()) {
            failures.addObject().put("mac", f.machine().mac().toString()).put("label", f.machine().label())
                    .put("stage", f.failedStage() == null ? null : f.failedStage().label()).put("reason", f.reason());
        }
        return n;
    }

    static ObjectNode mac(MacResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("index", r.machine().index()).put("label", r.machine().label()).put("mac", r.machine().mac().toString())
                .put("serial", r.machine().serial()).put("model", r.machine().model())
                .put("ciaddr", r.machine().ciaddr().getHostAddress()).put("aimedAt", r.machine().aimedAt());
        ObjectNode expected = n.putObject("expected");
        expected.put("action", r.expected().endState()).put("policy", r.expected().policy())
                .put("nbi", r.expected().defaultNbi());
        r.expected().offeredNbis().forEach(expected.putArray("offered")::add);
        n.put("ok", r.ok()).put("failedStage", r.failedStage() == null ? null : r.failedStage().label())
                .put("reason", r.reason()).put("bytes", r.bytes()).put("totalMs", ms(r.total()));
        ObjectNode stages = n.putObject("stagesMs");
        for (Stage stage : Stage.values()) {
            Duration d = r.durations().get(stage);
            if (d != null) {
                stages.put(stage.label(), ms(d));
            }
        }
        n.put("agent", r.agent()).put("eventsDelivered", r.eventsDelivered());
        r.events().forEach(n.putArray("events")::add);
        return n;
    }

    private static String expectedCounts(LabSummary s) {
        StringBuilder b = new StringBuilder();
        for (Action a : Action.values()) {
            if (a == Action.ERASE && !s.expected().containsKey(a)) {
                continue; // the MDM path: listed only when a Mac expected it
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(a.yamlName()).append(' ').append(s.expected().getOrDefault(a, 0));
        }
        return b.toString();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static double ms(Duration d) {
        return round(d.toNanos() / 1e6);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
