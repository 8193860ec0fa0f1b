package dev.orchard.ops.config;

import java.util.List;

/** A named, ordered list of steps, Imagr-style; {@code include} steps are flattened at load. */
public record Workflow(String name, String description, List<WorkflowStep> steps, SourceLocation at) {
    public Workflow {
        steps = List.copyOf(steps);
    }
}
