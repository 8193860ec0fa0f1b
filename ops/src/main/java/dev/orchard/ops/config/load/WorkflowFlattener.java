package dev.orchard.ops.config.load;

import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.Workflow;
import dev.orchard.ops.config.WorkflowStep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code include} steps with the included workflow's steps, recursively. The agent never
 * sees an include (docs/agent-api.md). A cycle is an error that prints the whole chain with the
 * location of each include, and an include of an unknown workflow is an error at the step.
 */
final class WorkflowFlattener {

    private final Map<String, Workflow> byName = new HashMap<>();
    private final Map<String, List<WorkflowStep>> done = new HashMap<>();
    private final Problems problems;
    private final java.util.Set<dev.orchard.ops.config.SourceLocation> reported = new java.util.HashSet<>();

    private WorkflowFlattener(List<Workflow> workflows, Problems problems) {
        workflows.forEach(w -> byName.putIfAbsent(w.name(), w));
        this.problems = problems;
    }

    static Map<String, List<WorkflowStep>> flatten(List<Workflow> workflows, Problems problems) {
        WorkflowFlattener f = new WorkflowFlattener(workflows, problems);
        for (Workflow w : workflows) {
            f.flat(w, new ArrayDeque<>());
        }
        return Map.copyOf(f.done);
    }

    private List<WorkflowStep> flat(Workflow w, Deque<String> expanding) {
        List<WorkflowStep> cached = done.get(w.name());
        if (cached != null) {
            return cached;
        }
        expanding.addLast(w.name());
        List<WorkflowStep> out = new ArrayList<>();
        for (WorkflowStep step : w.steps()) {
            if (!(step instanceof WorkflowStep.Include inc)) {
                out.add(step);
                continue;
            }
            Workflow target = byName.get(inc.workflow());
            if (target == null) {
                report(inc, "workflow '" + w.name() + "' includes unknown workflow '" + inc.workflow() + "'"
                        + hint(inc.workflow()));
            } else if (expanding.contains(target.name())) {
                List<String> chain = new ArrayList<>(expanding);
                chain = chain.subList(chain.indexOf(target.name()), chain.size());
                report(inc, "workflow include cycle: " + String.join(" -> ", chain) + " -> " + target.name()
                        + " (include steps may not lead back to a workflow being included)");
            } else {
                out.addAll(flat(target, expanding));
            }
        }
        expanding.removeLast();
        List<WorkflowStep> result = List.copyOf(out);
        done.put(w.name(), result);
        return result;
    }

    private void report(WorkflowStep.Include inc, String message) {
        if (reported.add(inc.at())) {
            problems.error(inc.at(), message);
        }
    }

    private String hint(String name) {
        return dev.orchard.ops.config.yaml.Suggestions.closest(name, byName.keySet())
                .map(s -> " (did you mean '" + s + "'?)").orElse("");
    }
}
