package dev.orchard.ops.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found while loading, so that {@code orchard validate} lists all of them at
 * once instead of making the admin fix one error per run.
 */
public final class Problems {

    private final List<ConfigProblem> list = new ArrayList<>();

    public void error(SourceLocation at, String message) {
        list.add(new ConfigProblem(ConfigProblem.Severity.ERROR, at, message));
    }

    public void warn(SourceLocation at, String message) {
        list.add(new ConfigProblem(ConfigProblem.Severity.WARNING, at, message));
    }

    /** Adds a problem found elsewhere (another pass over the same configuration). */
    public void add(ConfigProblem problem) {
        list.add(problem);
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(ConfigProblem::isError);
    }

    public int errorCount() {
        return (int) list.stream().filter(ConfigProblem::isError).count();
    }

    /** Every problem, errors first, then by file and line (the order an admin fixes them in). */
    public List<ConfigProblem> sorted() {
        return list.stream()
                .sorted(Comparator.comparing((ConfigProblem p) -> p.severity())
                        .thenComparing(p -> p.at().file().toString())
                        .thenComparingInt(p -> p.at().line())
                        .thenComparingInt(p -> p.at().column()))
                .toList();
    }

    public List<ConfigProblem> warnings() {
        return sorted().stream().filter(p -> !p.isError()).toList();
    }
}
