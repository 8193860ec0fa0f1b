package dev.orchard.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

/**
 * Which package of a module uses which, read from its compiled classes (the edges {@code jdeps
 * -verbose:package} prints), with the two rules the architecture keeps: no cycle between packages, and
 * no forbidden edge (a {@code client} package using a {@code server} package). Each edge keeps the class
 * pairs that make it, so a failure names the import to remove.
 */
public final class PackageGraph {

    /** from package → to package → "FromClass -> ToClass" examples. */
    private final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
    private final Set<String> packages = new TreeSet<>();
    private int classes;

    private PackageGraph() {
    }

    /**
     * Reads every class file under {@code classesDir} whose name starts with {@code prefix} (dotted, e.g.
     * {@code dev.orchard}); only references to classes under the same prefix become edges.
     */
    public static PackageGraph read(Path classesDir, String prefix) {
        if (!Files.isDirectory(classesDir)) {
            throw new IllegalStateException(classesDir + " is not a folder of compiled classes");
        }
        String slashed = prefix.replace('.', '/') + "/";
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                if (file.getFileName().toString().equals("module-info.class")) {
                    continue;
                }
                ClassReferences.Read read;
                try (InputStream in = Files.newInputStream(file)) {
                    read = ClassReferences.read(in);
                }
                if (read.name().startsWith(slashed)) {
                    graph.add(read, slashed);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private void add(ClassReferences.Read read, String slashed) {
        classes++;
        String from = packageOf(read.name());
        packages.add(from);
        for (String ref : read.references()) {
            String to = packageOf(ref);
            if (ref.startsWith(slashed) && !to.equals(from)) {
                edges.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                        .add(simple(read.name()) + " -> " + simple(ref));
            }
        }
    }

    private static String packageOf(String binaryName) {
        int slash = binaryName.lastIndexOf('/');
        return binaryName.substring(0, Math.max(slash, 0)).replace('/', '.');
    }

    private static String simple(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('/') + 1);
    }

    public int classCount() {
        return classes;
    }

    public Set<String> packages() {
        return packages;
    }

    /** The packages {@code pkg} uses directly. */
    public Set<String> dependenciesOf(String pkg) {
        return edges.getOrDefault(pkg, Map.of()).keySet();
    }

    /** Every set of two or more packages that reach each other (Tarjan's strongly connected components). */
    public List<Set<String>> cycles() {
        return new Tarjan().components().stream().filter(c -> c.size() > 1).toList();
    }

    /** Fails listing each cycle with the class references that make it. */
    public void assertFreeOfCycles() {
        List<Set<String>> cycles = cycles();
        if (cycles.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("package cycles (each edge: the classes that make it):");
        for (Set<String> cycle : cycles) {
            message.append("\n  cycle ").append(cycle);
            for (String from : cycle) {
                for (String to : cycle) {
                    Set<String> why = edges.getOrDefault(from, Map.of()).get(to);
                    if (why != null) {
                        message.append("\n    ").append(from).append(" -> ").append(to).append(": ").append(why);
                    }
                }
            }
        }
        throw new AssertionError(message.toString());
    }

    /** Fails listing every edge {@code from → to} for which {@code forbidden} holds. */
    public void assertNoEdge(String rule, BiPredicate<String, String> forbidden) {
        List<String> broken = new ArrayList<>();
        edges.forEach((from, tos) -> tos.forEach((to, why) -> {
            if (forbidden.test(from, to)) {
                broken.add(from + " -> " + to + ": " + why);
            }
        }));
        if (!broken.isEmpty()) {
            throw new AssertionError(rule + ", but:\n  " + String.join("\n  ", broken));
        }
    }

    /** Tarjan's algorithm; recursion depth is at most the number of packages of one module. */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final List<Set<String>> result = new ArrayList<>();

        List<Set<String>> components() {
            for (String v : edges.keySet()) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
            return result;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            for (String w : dependenciesOf(v)) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (stack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    component.add(w);
                } while (!w.equals(v));
                result.add(component);
            }
        }
    }
}
