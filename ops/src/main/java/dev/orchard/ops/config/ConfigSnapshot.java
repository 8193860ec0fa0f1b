package dev.orchard.ops.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One loaded, validated, immutable configuration: what every decision is made from. A reload builds a
 * new snapshot and swaps it in whole; nothing reads the files again per request.
 *
 * @param workflows    every workflow with its {@code include} steps flattened, by name
 * @param directory    groups and inventory, indexed
 * @param warnings     problems that did not reject the configuration
 * @param sources      every file read (main, includes, inventory CSVs, script files): what is watched
 * @param watchFolders folders named by {@code include} globs and folders, watched for new files
 * @param digest       SHA-256 over the paths and bytes of {@code sources}; equal digests = same configuration
 */
public record ConfigSnapshot(OrchardConfig config, Map<String, List<WorkflowStep>> workflows,
                             MachineDirectory directory, List<ConfigProblem> warnings, List<Path> sources,
                             List<Path> watchFolders, String digest, Instant loadedAt) {

    public ConfigSnapshot {
        workflows = Map.copyOf(workflows);
        warnings = List.copyOf(warnings);
        sources = List.copyOf(sources);
        watchFolders = List.copyOf(watchFolders);
    }

    /** The flattened steps of a workflow. */
    public Optional<List<WorkflowStep>> flatWorkflow(String name) {
        return Optional.ofNullable(workflows.get(name));
    }
}
