package dev.orchard.testkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The package rules of ARCHITECTURE.md, checked on a module's compiled main classes: a module extends
 * this with an empty {@code PackageStructureTest}, and surefire (which runs in the module's folder)
 * checks {@code target/classes}. A new import that closes a cycle, or a client that reaches into its
 * server, fails that module's build with the class references to remove.
 */
public abstract class PackageStructureContract {

    private static final Path MAIN_CLASSES = Path.of("target", "classes");

    /** The module's main classes; never vacuous: a module without compiled classes fails here. */
    protected PackageGraph mainClasses() {
        PackageGraph graph = PackageGraph.read(MAIN_CLASSES, "dev.orchard");
        if (graph.classCount() == 0) {
            throw new AssertionError("no dev.orchard classes under " + MAIN_CLASSES.toAbsolutePath());
        }
        return graph;
    }

    @Test
    void packagesFormNoCycle() {
        mainClasses().assertFreeOfCycles();
    }

    @Test
    void clientsDoNotUseServerInternals() {
        mainClasses().assertNoEdge("a client package must not use a server package (share through codec, "
                        + "transport or spi instead)",
                (from, to) -> hasSegment(from, "client") && hasSegment(to, "server"));
    }

    private static boolean hasSegment(String pkg, String segment) {
        return Arrays.asList(pkg.split("\\.")).contains(segment);
    }
}
