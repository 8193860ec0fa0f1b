package dev.orchard.http.spi;

import java.util.List;
import java.util.Objects;

/** A flattened thin workflow: included workflows are already expanded by the server. */
public record Workflow(String name, List<WorkflowStep> steps) {
    public Workflow {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
    }
}
