package dev.orchard.ops.policy;

import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.WorkflowStep;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The human-readable {@code orchard explain}: the decision first, then every rule in order and why. */
public final class ExplainText {

    private ExplainText() {
    }

    public static String render(Decision d) {
        StringBuilder sb = new StringBuilder();
        MachineIdentity m = d.machine();
        sb.append("Machine   ").append(m.mac());
        sb.append("  serial ").append(or(m.serial()));
        sb.append("  model ").append(or(m.model()));
        sb.append("  ip ").append(or(m.ip()));
        if (d.machineName() != null) {
            sb.append("  name ").append(d.machineName());
        }
        sb.append('\n');
        if (!d.matched()) {
            sb.append("Decision  none: no rule matched").append(d.undecidedRules().isEmpty() ? ""
                    : " (an undecided rule does not match)").append('\n');
        } else {
            sb.append("Decision  ").append(d.action().yamlName()).append("  by policy '").append(d.rule().name())
                    .append("' (").append(d.rule().at()).append(")\n");
            line(sb, "nbi", d.nbi());
            if (d.image() != null) {
                line(sb, "image", d.image().name() + " (" + d.image().file()
                        + (d.image().size() != null ? ", " + d.image().size() + " bytes" : "")
                        + (d.image().sha256() != null ? ", sha256 " + d.image().sha256() : "") + ")");
            }
            if (d.installer() != null) {
                line(sb, "installer", d.installer().name() + " (" + d.installer().file() + ", sha256 "
                        + d.installer().sha256() + ")");
            }
            line(sb, "computer name", d.computerName());
            if (d.workflow() != null) {
                line(sb, "workflow", d.workflow().name() + " (" + d.workflow().steps().size() + " steps)");
                List<WorkflowStep> steps = d.workflow().steps();
                for (int i = 0; i < steps.size(); i++) {
                    sb.append("            ").append(i + 1).append(". ").append(describe(steps.get(i))).append('\n');
                }
            }
        }
        if (d.matched() && d.action() == Action.ERASE) {
            line(sb, "erase", "through the MDM when an admin asks (orchard erase); this Mac is never offered a"
                    + " netboot" + (d.workflow() != null ? "; its agent then runs the workflow in full macOS" : ""));
        }
        line(sb, "BSDP offers", bsdp(d));
        if (!d.missingVariables().isEmpty()) {
            line(sb, "missing", "no value for " + String.join(", ", d.missingVariables().stream()
                    .sorted().map(v -> "{" + v + "}").toList()) + " (rendered empty)");
        }
        sb.append("Trace (rules top-down; the first full match wins)\n");
        int n = 1;
        for (RuleEvaluation e : d.trace()) {
            sb.append(String.format(Locale.ROOT, "  %2d. %-12s policy '%s' (%s) -> %s%n", n++, label(e.outcome()),
                    e.rule(), e.at(), e.action().yamlName() + (e.nbi() != null ? " via " + e.nbi() : "")));
            for (FieldCheck c : e.checks()) {
                sb.append(String.format(Locale.ROOT, "        %-9s %-7s %s%n", c.field() + ":", mark(c.outcome()),
                        c.detail()));
            }
            if (e.checks().isEmpty() && e.outcome() == Outcome.MATCH) {
                sb.append("        (no match: takes every machine)\n");
            }
            if (e.outcome() == Outcome.UNKNOWN) {
                sb.append("        (does not match: a rule applies only when every field is known to match)\n");
            }
        }
        if (d.trace().isEmpty()) {
            sb.append("  (no rules)\n");
        }
        return sb.toString();
    }

    /**
     * The decision followed by what the MDM reported about this Mac, when it did: the model identifier the
     * rules matched is in the first line, the Mac's own answer here.
     */
    public static String render(Decision d, Optional<MdmReport> mdm) {
        String text = render(d);
        if (mdm.isEmpty()) {
            return text;
        }
        MdmReport r = mdm.get();
        StringBuilder sb = new StringBuilder("MDM       udid ").append(or(r.udid()));
        if (r.eraseStage() != null) {
            sb.append("  erase ").append(r.eraseStage());
        }
        sb.append("  (").append(r.at()).append(")\n");
        r.facts().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> line(sb, e.getKey(), e.getValue()));
        if (r.eraseDetail() != null) {
            line(sb, "erase detail", r.eraseDetail());
        }
        int trace = text.indexOf("Trace (");
        return text.substring(0, trace) + sb + text.substring(trace);
    }

    /** What the BSDP server answers, and why when that is not this decision (a serial BSDP cannot know). */
    private static String bsdp(Decision d) {
        Decision.BsdpAnswer b = d.bsdp();
        String offered = b.offered().orElse("nothing (no reply: " + (b.rule() == null ? "no rule matches"
                : "action " + b.action().yamlName()) + ")");
        if (java.util.Objects.equals(b.rule(), d.rule())) {
            return offered;
        }
        return offered + ", by " + (b.rule() == null ? "no rule" : "policy '" + b.rule().name() + "' (" + b.rule().at()
                + ")") + ": BSDP does not know the serial " + d.machine().serial()
                + " (no inventory row with this MAC), so rules that need it do not match there";
    }

    private static String describe(WorkflowStep s) {
        String head = s.type() + ":" + s.name();
        if (s instanceof WorkflowStep.Package p) {
            return head + "  " + (p.file() != null ? "/payloads/" + p.file() : p.url());
        } else if (s instanceof WorkflowStep.Profile p) {
            return head + "  " + (p.file() != null ? "/payloads/" + p.file() : p.url());
        } else if (s instanceof WorkflowStep.Script sc) {
            return head + "  " + firstLine(sc.content());
        } else if (s instanceof WorkflowStep.ComputerName c) {
            return head + "  " + c.value();
        } else if (s instanceof WorkflowStep.Localize l) {
            return head + "  " + String.join(" ", nonNull(l.locale(), l.language(), l.timezone(), l.keyboard()));
        }
        return head;
    }

    private static List<String> nonNull(String... s) {
        return java.util.Arrays.stream(s).filter(java.util.Objects::nonNull).toList();
    }

    private static String firstLine(String content) {
        String[] lines = content.strip().split("\n");
        String first = lines.length > 1 && lines[0].startsWith("#!") ? lines[1] : lines[0];
        return (first.length() > 60 ? first.substring(0, 60) + "…" : first) + (lines.length > 2 ? " …" : "");
    }

    private static String label(Outcome o) {
        return switch (o) {
            case MATCH -> "MATCH";
            case NO_MATCH -> "no match";
            case UNKNOWN -> "undecided";
            case NOT_REACHED -> "not reached";
        };
    }

    private static String mark(Outcome o) {
        return switch (o) {
            case MATCH -> "yes";
            case NO_MATCH -> "no";
            case UNKNOWN -> "unknown";
            case NOT_REACHED -> "-";
        };
    }

    private static void line(StringBuilder sb, String label, String value) {
        if (value != null) {
            sb.append(String.format(Locale.ROOT, "  %-14s %s%n", label, value));
        }
    }

    private static String or(String s) {
        return s == null ? "?" : s;
    }
}
