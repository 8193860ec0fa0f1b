package dev.orchard.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shaded jar as an NBI startup script runs it: {@code java -jar orchard-agent.jar …}, exit code, last line. */
@Timeout(120)
class AgentJarIT {

    static final Path JAR = Path.of("target", "orchard-agent.jar");
    static final String MAC = "00:1b:63:84:45:ea";

    @BeforeAll
    static void jarIsBuilt() {
        assumeTrue(Files.isRegularFile(JAR), "target/orchard-agent.jar is built by `mvn package` before the integration tests");
    }

    static Proc.Result agent(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return Proc.run(Duration.ofSeconds(60), cmd);
    }

    @Test
    void theJarHoldsOnlyTheAgentJacksonAndTheMacGrammar() throws Exception {
        try (var jar = new java.util.jar.JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.orchard.agent.AgentMain");
            assertThat(jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.endsWith(".class")))
                    .allSatisfy(n -> assertThat(n).matches("(META-INF/versions/\\d+/)?(dev/orchard/agent|dev/orchard/mac|dev/orchard/multicast/wire|com/fasterxml/jackson)/.*"))
                    .contains("dev/orchard/mac/MacAddress.class", "dev/orchard/multicast/wire/ChunkDatagram.class");
        }
        assertThat(Files.size(JAR)).isLessThan(4L << 20);
    }

    @Test
    void helpAndVersion() {
        Proc.Result help = agent("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).startsWith("usage: java -jar orchard-agent.jar --server URL");
        assertThat(agent("--version").stdout()).startsWith("orchard-agent ");
    }

    @Test
    void aThinRunEndsWithTheSummaryLineAndExitCode(@TempDir Path work) throws Exception {
        try (OrchardServer server = new OrchardServer(4 << 20)) {
            ObjectNode plan = Plans.base(MAC, "thin");
            Plans.script(Plans.workflow(plan, "lab"), "hello", "echo hello from $ORCHARD_SERIAL\n");
            server.plan(MAC, plan);

            Proc.Result ok = agent("--server", server.uri().toString(), "--mac", MAC, "--serial", "C02XK0AAJG5J",
                    "--backend", "generic", "--work", work.toString());

            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            List<String> lines = ok.stdout().lines().toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith("orchard-agent result=ok exit=0 action=thin stage=done").endsWith("events=delivered");
            assertThat(ok.stderr()).contains("workflow script:hello succeeded: exit 0; output:").contains("hello from C02XK0AAJG5J");

            Proc.Result none = agent("--server", server.uri().toString(), "--mac", "00:00:00:00:00:02", "--backend", "generic",
                    "--work", work.toString());

            assertThat(none.exitCode()).isEqualTo(3);
            assertThat(none.stdout().strip()).startsWith("orchard-agent result=failed exit=3 reason=no-plan action=- stage=plan");
        }
    }
}
