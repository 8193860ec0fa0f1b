package dev.orchard.ops.lab;

import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command as a user runs it: {@code java -jar ops/target/orchard.jar demo}, here with
 * {@code --exit} so it stops after its lab: a sample setup, a server, 8 simulated Macs covering every
 * action, all reaching their end state, and where to look next.
 */
class DemoJarIT {

    @TempDir
    Path dir;

    @Test
    void theDemoRunsEightMacsCoveringEveryActionAndSaysWhereToLook() throws Exception {
        Path jar = Path.of("target/orchard.jar").toAbsolutePath();
        assertThat(jar).exists();
        Proc.Result r = Proc.run(Duration.ofMinutes(3), "java", "-jar", jar.toString(), "demo", "--exit",
                "--dir", dir.resolve("demo").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("lab: 8 Macs, 8 reached their end state, 0 failed")
                .containsPattern("restore [1-9]\\d*, install [1-9]\\d*, thin [1-9]\\d*, none [1-9]\\d*")
                .contains("/metrics").contains("/api/v1/machines").contains("Authorization: Bearer ");
        assertThat(dir.resolve("demo/orchard.yaml")).exists();
    }
}
