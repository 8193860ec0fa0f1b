package dev.orchard.ops.policy;

import dev.orchard.ops.config.ImageSettings;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.WorkflowStep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The machine-readable {@code orchard explain --json}: a stable map of plain values (camelCase keys,
 * as in docs/agent-api.md) that Jackson writes as JSON. The admin API can return the same shape.
 */
public final class ExplainJson {

    private ExplainJson() {
    }

    public static Map<String, Object> of(Decision d) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("mac", d.machine().mac().toString());
        machine.put("serial", d.machine().serial());
        machine.put("model", d.machine().model());
        machine.put("ip", d.machine().ip());
        machine.put("name", d.machineName());
        out.put("machine", machine);
        out.put("matched", d.matched());
        out.put("action", d.action().yamlName());
        out.put("policy", d.matched() ? d.rule().name() : null);
        out.put("policyAt", d.matched() ? location(d.rule().at()) : null);
        out.put("nbi", d.nbi());
        out.put("image", d.image() == null ? null : image(d.image()));
        out.put("installer", d.installer() == null ? null : installer(d.installer()));
        out.put("computerName", d.computerName());
        Map<String, Object> workflow = null;
        if (d.workflow() != null) {
            workflow = new LinkedHashMap<>();
            workflow.put("name", d.workflow().name());
            workflow.put("steps", d.workflow().steps().stream().map(ExplainJson::step).toList());
        }
        out.put("workflow", workflow);
        // what BSDP answers (at most one NBI; empty = no reply) and the rule that decides it there
        out.put("bsdpImages", d.bsdp().offered().stream().toList());
        out.put("bsdpPolicy", d.bsdp().rule() == null ? null : d.bsdp().rule().name());
        out.put("missingVariables", d.missingVariables().stream().sorted().toList());
        out.put("trace", d.trace().stream().map(ExplainJson::evaluation).toList());
        return out;
    }

    /**
     * The document with {@code "mdm"}: what the MDM reported about this Mac ({@link MdmReport}), or null when
     * it never did. {@code orchard explain --json} and the admin endpoint both add it.
     */
    public static Map<String, Object> of(Decision d, Optional<MdmReport> mdm) {
        Map<String, Object> out = of(d);
        out.put("mdm", mdm.map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("udid", r.udid());
            m.put("deviceInformation", new TreeMap<>(r.facts()));
            m.put("eraseStage", r.eraseStage());
            m.put("eraseDetail", r.eraseDetail());
            m.put("at", r.at() == null ? null : r.at().toString());
            return m;
        }).orElse(null));
        return out;
    }

    private static Map<String, Object> evaluation(RuleEvaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", e.rule());
        m.put("at", location(e.at()));
        m.put("action", e.action().yamlName());
        m.put("nbi", e.nbi());
        m.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
        m.put("checks", e.checks().stream().map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("field", c.field());
            cm.put("outcome", c.outcome().name().toLowerCase(Locale.ROOT));
            cm.put("detail", c.detail());
            return cm;
        }).toList());
        return m;
    }

    private static Map<String, Object> image(ImageSettings.BlockImage b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("file", b.file());
        m.put("size", b.size());
        m.put("sha256", b.sha256());
        return m;
    }

    private static Map<String, Object> installer(ImageSettings.Installer i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("file", i.file());
        m.put("size", i.size());
        m.put("sha256", i.sha256());
        m.put("firstBootPackage", i.firstBootPackage() == null ? null : i.firstBootPackage().file());
        return m;
    }

    static Map<String, Object> step(WorkflowStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.type());
        m.put("name", s.name());
        if (s instanceof WorkflowStep.Package p) {
            remote(m, p.file(), p.url(), p.sha256(), p.size());
        } else if (s instanceof WorkflowStep.Profile p) {
            remote(m, p.file(), p.url(), p.sha256(), p.size());
        } else if (s instanceof WorkflowStep.Script sc) {
            m.put("content", sc.content());
            m.put("interpreter", sc.interpreter());
            m.put("timeoutSeconds", sc.timeoutSeconds());
        } else if (s instanceof WorkflowStep.ComputerName c) {
            m.put("value", c.value());
        } else if (s instanceof WorkflowStep.Localize l) {
            m.put("locale", l.locale());
            m.put("language", l.language());
            m.put("timezone", l.timezone());
            m.put("keyboard", l.keyboard());
        } else if (s instanceof WorkflowStep.Include i) {
            m.put("workflow", i.workflow());
        }
        return m;
    }

    private static void remote(Map<String, Object> m, String file, String url, String sha256, Long size) {
        m.put("url", file != null ? "/payloads/" + file : url);
        m.put("sha256", sha256);
        m.put("size", size);
    }

    private static String location(SourceLocation at) {
        return at.toString();
    }

}
