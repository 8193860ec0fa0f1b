package dev.orchard.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PackageGraph on classes compiled here, so every kind of reference it must see is known. */
class PackageGraphTest {

    @TempDir
    Path dir;

    @Test
    void findsACycleMadeByAnImportBack() throws IOException {
        PackageGraph graph = compile(Map.of(
                "dev/orchard/t/a/A.java", "package dev.orchard.t.a; public class A { dev.orchard.t.b.B b; }",
                "dev/orchard/t/b/B.java", "package dev.orchard.t.b; public class B { void m() { new dev.orchard.t.c.C(); } }",
                "dev/orchard/t/c/C.java", "package dev.orchard.t.c; public class C { static Object o = dev.orchard.t.a.A.class; }",
                "dev/orchard/t/d/D.java", "package dev.orchard.t.d; public class D { dev.orchard.t.a.A a; }"));

        assertThat(graph.cycles()).containsExactly(Set.of("dev.orchard.t.a", "dev.orchard.t.b", "dev.orchard.t.c"));
        assertThatThrownBy(graph::assertFreeOfCycles).hasMessageContaining("dev.orchard.t.c -> dev.orchard.t.a: [C -> A]");
    }

    @Test
    void aLayeredGraphHasNoCycle() throws IOException {
        PackageGraph graph = compile(Map.of(
                "dev/orchard/t/a/A.java", "package dev.orchard.t.a; public class A { dev.orchard.t.b.B b; }",
                "dev/orchard/t/b/B.java", "package dev.orchard.t.b; public class B { java.util.List<String> names; }"));

        assertThat(graph.cycles()).isEmpty();
        graph.assertFreeOfCycles();
        assertThat(graph.dependenciesOf("dev.orchard.t.a")).containsExactly("dev.orchard.t.b");
    }

    @Test
    void seesTypesOnlyInSignaturesArraysAndMethodDescriptors() throws IOException {
        PackageGraph graph = compile(Map.of(
                "dev/orchard/t/server/S.java", "package dev.orchard.t.server; public class S { }",
                "dev/orchard/t/server/T.java", "package dev.orchard.t.server; public class T { }",
                "dev/orchard/t/server/U.java", "package dev.orchard.t.server; public class U { }",
                "dev/orchard/t/client/G.java", "package dev.orchard.t.client; public class G { java.util.List<dev.orchard.t.server.S> s; }",
                "dev/orchard/t/client/R.java", "package dev.orchard.t.client; public class R { dev.orchard.t.server.T[] t; }",
                "dev/orchard/t/client/M.java", "package dev.orchard.t.client; public abstract class M { abstract void take(dev.orchard.t.server.U u); }"));

        assertThatThrownBy(() -> graph.assertNoEdge("clients stay off servers",
                (from, to) -> from.endsWith(".client") && to.endsWith(".server")))
                .hasMessageContaining("G -> S").hasMessageContaining("R -> T").hasMessageContaining("M -> U");
    }

    private PackageGraph compile(Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path out = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", out.toString()));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac").isZero();
        return PackageGraph.read(out, "dev.orchard");
    }
}
