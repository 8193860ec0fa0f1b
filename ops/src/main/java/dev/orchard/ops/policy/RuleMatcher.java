package dev.orchard.ops.policy;

import dev.orchard.ops.config.Cidr;
import dev.orchard.ops.config.Ipv4;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.config.Match;
import dev.orchard.ops.config.ModelPattern;

import java.util.ArrayList;
import java.util.List;

/**
 * Tests one rule's {@link Match} against a machine, field by field, saying in words what was compared.
 * Fields AND together, values within a field OR together. A field whose fact is unknown (no serial
 * at BSDP time) is {@link Outcome#UNKNOWN}: shown as undecided, with the reason, and the rule does not
 * match (see {@link PolicyEvaluator}).
 */
final class RuleMatcher {

    /** Why a serial can be missing: BSDP never carries it, only an inventory row with this MAC gives it. */
    static final String SERIAL_UNKNOWN = "serial not known at BSDP time (not in an inventory with this MAC)";

    /** Lists longer than this are summarised ("not among the 40 MACs listed"). */
    private static final int SHOWN = 6;

    private RuleMatcher() {
    }

    static List<FieldCheck> checks(Match m, MachineIdentity id, MachineDirectory directory) {
        List<FieldCheck> out = new ArrayList<>();
        if (!m.mac().isEmpty()) {
            boolean in = m.mac().contains(id.mac());
            out.add(new FieldCheck("mac", in ? Outcome.MATCH : Outcome.NO_MATCH,
                    id.mac() + (in ? " is listed" : " is not " + among(m.mac(), "MACs"))));
        }
        if (!m.serial().isEmpty()) {
            out.add(id.serial() == null ? unknown("serial", SERIAL_UNKNOWN)
                    : listed("serial", id.serial(), m.serial().contains(id.serial()), m.serial(), "serials"));
        }
        if (!m.model().isEmpty()) {
            out.add(id.model() == null ? unknown("model", "model not known") : model(m.model(), id.model()));
        }
        if (!m.subnet().isEmpty()) {
            out.add(id.ip() == null ? unknown("subnet", "IP address not known") : subnet(m.subnet(), id.ip()));
        }
        if (!m.group().isEmpty()) {
            out.add(group(m.group(), id, directory));
        }
        return out;
    }

    static Outcome combine(List<FieldCheck> checks) {
        if (checks.stream().anyMatch(c -> c.outcome() == Outcome.NO_MATCH)) {
            return Outcome.NO_MATCH;
        }
        return checks.stream().anyMatch(c -> c.outcome() == Outcome.UNKNOWN) ? Outcome.UNKNOWN : Outcome.MATCH;
    }

    private static FieldCheck model(List<ModelPattern> patterns, String model) {
        for (ModelPattern p : patterns) {
            if (p.matches(model)) {
                return new FieldCheck("model", Outcome.MATCH, model + (p.isGlob() ? " matches " + p : " is listed"));
            }
        }
        return new FieldCheck("model", Outcome.NO_MATCH, model + " does not match " + among(patterns, "patterns"));
    }

    private static FieldCheck subnet(List<Cidr> subnets, String ip) {
        int address = Ipv4.parse(ip);
        for (Cidr c : subnets) {
            if (c.contains(address)) {
                return new FieldCheck("subnet", Outcome.MATCH, ip + " is in " + c);
            }
        }
        return new FieldCheck("subnet", Outcome.NO_MATCH, ip + " is not in " + among(subnets, "subnets"));
    }

    private static FieldCheck group(List<String> groups, MachineIdentity id, MachineDirectory directory) {
        boolean serialsMatter = false;
        for (String g : groups) {
            if (directory.macsOf(g).contains(id.mac())) {
                return new FieldCheck("group", Outcome.MATCH, "in group " + g + " (by MAC " + id.mac() + ")");
            }
            if (id.serial() != null && directory.serialsOf(g).contains(id.serial())) {
                return new FieldCheck("group", Outcome.MATCH, "in group " + g + " (by serial " + id.serial() + ")");
            }
            serialsMatter |= id.serial() == null && !directory.serialsOf(g).isEmpty();
        }
        String names = String.join(", ", groups);
        if (serialsMatter) {
            return unknown("group", "MAC not in " + names + ", which also lists serials: " + SERIAL_UNKNOWN);
        }
        return new FieldCheck("group", Outcome.NO_MATCH, "not in group " + names);
    }

    private static FieldCheck listed(String field, String value, boolean in, List<?> list, String plural) {
        return new FieldCheck(field, in ? Outcome.MATCH : Outcome.NO_MATCH,
                value + (in ? " is listed" : " is not " + among(list, plural)));
    }

    private static FieldCheck unknown(String field, String why) {
        return new FieldCheck(field, Outcome.UNKNOWN, why);
    }

    private static String among(List<?> list, String plural) {
        if (list.size() > SHOWN) {
            return "among the " + list.size() + " " + plural + " listed";
        }
        return list.size() == 1 ? String.valueOf(list.get(0)) : "any of " + list;
    }
}
