package dev.orchard.ops.config.load;

import dev.orchard.ops.config.ConfigException;
import dev.orchard.ops.config.ConfigFile;
import dev.orchard.ops.config.ConfigProblem;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.MachineDirectory;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.Problems;
import dev.orchard.ops.config.SourceLocation;
import dev.orchard.ops.config.WorkflowStep;
import dev.orchard.ops.policy.Reachability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads {@code orchard.yaml} and everything it includes into a validated {@link ConfigSnapshot}:
 * parse each file → merge → read inventories → flatten workflows → check references, actions and
 * variables → find unreachable rules. Every problem of every step is collected; any error rejects
 * the whole configuration.
 *
 * <pre>{@code
 * ConfigSnapshot s = ConfigLoader.load(Path.of("/etc/orchard/orchard.yaml"));
 * }</pre>
 */
public final class ConfigLoader {

    /**
     * @param knownNbis the NBI catalog's image names to check {@code nbi:} against, or null to skip
     *                  that check (the catalog is read by the server wiring, not by this loader)
     */
    public record Options(Set<String> knownNbis, Clock clock) {
        public static final Options DEFAULTS = new Options(null, Clock.systemUTC());

        public Options withKnownNbis(Set<String> names) {
            return new Options(Set.copyOf(names), clock);
        }
    }

    /** The outcome of a check: a snapshot when there were no errors, and every problem found. */
    public record Result(Optional<ConfigSnapshot> snapshot, List<ConfigProblem> problems) {
        public List<ConfigProblem> errors() {
            return problems.stream().filter(ConfigProblem::isError).toList();
        }
    }

    private ConfigLoader() {
    }

    public static ConfigSnapshot load(Path mainFile) throws ConfigException {
        return load(mainFile, Options.DEFAULTS);
    }

    /** The snapshot, or a {@link ConfigException} listing every error and warning. */
    public static ConfigSnapshot load(Path mainFile, Options options) throws ConfigException {
        Result r = check(mainFile, options);
        if (r.snapshot().isEmpty()) {
            throw new ConfigException(r.problems());
        }
        return r.snapshot().get();
    }

    /** Loads and reports instead of throwing; used by {@code orchard validate}. */
    public static Result check(Path mainFile, Options options) {
        Problems problems = new Problems();
        Map<String, SourceLocation> locations = new HashMap<>();
        Optional<ConfigFile> main = ConfigFileReader.read(mainFile, problems, true, locations);
        if (main.isEmpty()) {
            return new Result(Optional.empty(), problems.sorted());
        }
        IncludeResolver.Resolved includes = IncludeResolver.resolve(mainFile, main.get().include(), problems);
        List<ConfigFile> included = new ArrayList<>();
        for (Path f : includes.files()) {
            ConfigFileReader.read(f, problems, false, locations).ifPresent(included::add);
        }
        InventoryReader inventory = new InventoryReader(problems);
        List<Path> inventoryFiles = new ArrayList<>();
        for (ConfigFile f : concat(included, main.get())) {
            f.inventory().forEach(csv -> inventory.read(csv, SourceLocation.of(f.file())));
            inventoryFiles.addAll(f.inventory());
        }
        OrchardConfig config = ConfigMerger.merge(main.get(), included, inventory.rows(), locations, problems);
        MachineDirectory directory = new MachineDirectory(config.groups(), config.inventory());
        Map<String, List<WorkflowStep>> flat = WorkflowFlattener.flatten(config.workflows(), problems);
        ConfigChecks.check(config, flat, directory, options.knownNbis(), problems);
        Reachability.check(config.policies(), directory, problems);
        if (problems.hasErrors()) {
            return new Result(Optional.empty(), problems.sorted());
        }
        List<Path> sources = sources(mainFile, includes.files(), inventoryFiles, config);
        ConfigSnapshot snapshot = new ConfigSnapshot(config, flat, directory, problems.warnings(), sources,
                includes.folders(), digest(sources), options.clock().instant());
        return new Result(Optional.of(snapshot), problems.sorted());
    }

    private static List<ConfigFile> concat(List<ConfigFile> included, ConfigFile main) {
        List<ConfigFile> all = new ArrayList<>(included);
        all.add(main);
        return all;
    }

    private static List<Path> sources(Path mainFile, List<Path> includes, List<Path> inventoryFiles,
                                      OrchardConfig config) {
        Set<Path> s = new LinkedHashSet<>();
        s.add(mainFile);
        s.addAll(includes);
        s.addAll(inventoryFiles);
        config.workflows().forEach(w -> w.steps().forEach(step -> {
            if (step instanceof WorkflowStep.Script script && script.file() != null) {
                s.add(script.file());
            }
        }));
        return List.copyOf(s);
    }

    /** SHA-256 over each source's path and bytes; a reload with an equal digest changes nothing. */
    static String digest(List<Path> sources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : sources) {
                md.update(p.toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                try {
                    md.update(Files.readAllBytes(p));
                } catch (IOException e) {
                    md.update((byte) 1);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
