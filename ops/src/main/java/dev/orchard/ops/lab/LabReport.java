package dev.orchard.ops.lab;

import java.util.List;

/**
 * A finished lab: every Mac's result (in index order) and the summary.
 *
 * @param settings  how it ran
 * @param endpoints where the server was
 * @param results   one per Mac
 * @param summary   the figures
 */
public record LabReport(LabSettings settings, LabEndpoints endpoints, List<MacResult> results, LabSummary summary) {

    public LabReport {
        results = List.copyOf(results);
    }
}
