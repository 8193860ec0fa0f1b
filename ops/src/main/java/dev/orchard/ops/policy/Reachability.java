package dev.orchard.ops.policy;

import dev.orchard.ops.config.Cidr;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.config.MacAddress;
import dev.orchard.ops.config.Match;
import dev.orchard.ops.config.ModelPattern;
import dev.orchard.ops.config.PolicyRule;
import dev.orchard.ops.config.Problems;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Load-time detection of rules that can never apply under first-match evaluation:
 * <ul>
 *   <li>a rule without {@code match:} (the default) that is not the last rule — error;</li>
 *   <li>a rule fully covered by an earlier one (every machine it matches, the earlier rule takes
 *       first) — error naming both rules' locations;</li>
 *   <li>a single list value that an earlier rule takes (e.g. one MAC of a list) — warning;</li>
 *   <li>a value listed twice in one field — warning;</li>
 *   <li>serials (listed, or members of a group) that no inventory row gives with a MAC — warning: BSDP
 *       never carries the serial, so those Macs do not match the rule at BSDP time.</li>
 * </ul>
 * "Covers" is decided conservatively (each field of the earlier rule must contain the later rule's
 * values), so an error is never a false alarm; overlaps it cannot prove are left to {@code explain}.
 */
public final class Reachability {

    private final MachineDirectory directory;
    private final Problems problems;

    private Reachability(MachineDirectory directory, Problems problems) {
        this.directory = directory;
        this.problems = problems;
    }

    public static void check(List<PolicyRule> rules, MachineDirectory directory, Problems problems) {
        new Reachability(directory, problems).run(rules);
    }

    private void run(List<PolicyRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            PolicyRule r = rules.get(i);
            duplicates(r);
            serialsUnknownAtBsdp(r);
            if (r.match().isEmpty() && i < rules.size() - 1) {
                PolicyRule next = rules.get(i + 1);
                int after = rules.size() - 1 - i;
                problems.error(r.at(), "policy '" + r.name() + "' has no match: and takes every machine, so it must be"
                        + " the last rule; " + after + " rule" + (after > 1 ? "s" : "") + " after it would never apply,"
                        + " starting with '" + next.name() + "' at " + next.at());
                return;
            }
            shadowed(rules, i);
        }
    }

    private void shadowed(List<PolicyRule> rules, int i) {
        PolicyRule later = rules.get(i);
        for (int j = 0; j < i; j++) {
            PolicyRule earlier = rules.get(j);
            if (covers(earlier.match(), later.match())) {
                problems.error(later.at(), "policy '" + later.name() + "' can never apply: policy '" + earlier.name()
                        + "' at " + earlier.at() + " comes first and matches every machine it matches (rules are"
                        + " tried top-down, the first match wins); move it above, or narrow the earlier rule");
                return;
            }
        }
        deadValues(rules, i, "mac", Match::mac, m -> restrict(later.match(), m, null, null, null));
        deadValues(rules, i, "serial", Match::serial, s -> restrict(later.match(), null, s, null, null));
        deadValues(rules, i, "model", Match::model, p -> restrict(later.match(), null, null, p, null));
        deadValues(rules, i, "subnet", Match::subnet, c -> restrict(later.match(), null, null, null, c));
    }

    /** Warns for each single value of a list field that an earlier rule would take. */
    private <T> void deadValues(List<PolicyRule> rules, int i, String field, Function<Match, List<T>> values,
                                Function<T, Match> onlyThis) {
        PolicyRule later = rules.get(i);
        if (values.apply(later.match()).size() < 2) {
            return;
        }
        for (T v : values.apply(later.match())) {
            Match narrowed = onlyThis.apply(v);
            for (int j = 0; j < i; j++) {
                PolicyRule earlier = rules.get(j);
                if (covers(earlier.match(), narrowed)) {
                    problems.warn(later.at(), "policy '" + later.name() + "': " + field + " " + v + " never takes"
                            + " effect here: policy '" + earlier.name() + "' at " + earlier.at() + " takes those machines"
                            + " first");
                    break;
                }
            }
        }
    }

    /**
     * A rule that matches by serial decides a Mac's netboot only when an inventory row gives that serial
     * with the Mac's MAC; any other Mac falls through to a rule that matches without the serial at BSDP
     * time, while its plan (which has the serial from the agent) follows this rule.
     */
    private void serialsUnknownAtBsdp(PolicyRule r) {
        Set<String> serials = new TreeSet<>(r.match().serial());
        r.match().group().forEach(g -> serials.addAll(directory.serialsOf(g)));
        List<String> unknown = serials.stream().filter(s -> !directory.serialKnownByMac(s)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        String listed = unknown.size() <= 6 ? String.join(", ", unknown)
                : String.join(", ", unknown.subList(0, 6)) + ", …";
        boolean one = unknown.size() == 1;
        problems.warn(r.at(), "policy '" + r.name() + "': serial" + (one ? " " : "s ") + listed + " (" + unknown.size()
                + " of " + serials.size() + ") " + (one ? "is" : "are") + " in no inventory row with a MAC; BSDP"
                + " never carries the serial, so this rule cannot match " + (one ? "that Mac" : "those Macs")
                + " at netboot time: the first rule that matches without the serial decides the netboot (the plan,"
                + " which has the serial, follows this rule); list mac,serial in an inventory for this rule to"
                + " decide it (docs/policies.md)");
    }

    private void duplicates(PolicyRule r) {
        dup(r, "mac", r.match().mac());
        dup(r, "serial", r.match().serial());
        dup(r, "model", r.match().model());
        dup(r, "subnet", r.match().subnet());
        dup(r, "group", r.match().group());
    }

    private <T> void dup(PolicyRule r, String field, List<T> values) {
        Set<T> seen = new HashSet<>();
        for (T v : values) {
            if (!seen.add(v)) {
                problems.warn(r.match().at(), "policy '" + r.name() + "': match." + field + " lists " + v + " twice");
            }
        }
    }

    private static Match restrict(Match m, MacAddress mac, String serial, ModelPattern model, Cidr subnet) {
        return new Match(mac != null ? List.of(mac) : m.mac(), serial != null ? List.of(serial) : m.serial(),
                model != null ? List.of(model) : m.model(), subnet != null ? List.of(subnet) : m.subnet(), m.group(),
                m.at());
    }

    /** True when every machine that {@code later} matches is matched by {@code earlier}. */
    boolean covers(Match earlier, Match later) {
        if (!earlier.mac().isEmpty()
                && !(!later.mac().isEmpty() && earlier.mac().containsAll(later.mac()))) {
            return false;
        }
        if (!earlier.serial().isEmpty()
                && !(!later.serial().isEmpty() && earlier.serial().containsAll(later.serial()))) {
            return false;
        }
        if (!earlier.model().isEmpty() && (later.model().isEmpty()
                || !later.model().stream().allMatch(p -> earlier.model().stream().anyMatch(q -> q.covers(p))))) {
            return false;
        }
        if (!earlier.subnet().isEmpty() && (later.subnet().isEmpty()
                || !later.subnet().stream().allMatch(c -> earlier.subnet().stream().anyMatch(q -> q.covers(c))))) {
            return false;
        }
        return earlier.group().isEmpty() || groupsCover(earlier.group(), later);
    }

    /** A machine is in a group by MAC or serial; so groups cover a later rule's groups, MACs or serials. */
    private boolean groupsCover(List<String> groups, Match later) {
        if (!later.group().isEmpty() && groups.containsAll(later.group())) {
            return true;
        }
        Set<MacAddress> macs = new HashSet<>();
        Set<String> serials = new HashSet<>();
        for (String g : groups) {
            macs.addAll(directory.macsOf(g));
            serials.addAll(directory.serialsOf(g));
        }
        return !later.mac().isEmpty() && macs.containsAll(later.mac())
                || !later.serial().isEmpty() && serials.containsAll(later.serial());
    }
}
