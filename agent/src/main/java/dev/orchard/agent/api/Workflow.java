package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A thin workflow: ordered steps, already flattened and substituted by the server. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Workflow(String name, List<WorkflowStep> steps) {

    public Workflow {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
