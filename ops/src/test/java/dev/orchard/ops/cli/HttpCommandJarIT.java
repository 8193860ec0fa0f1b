package dev.orchard.ops.cli;

import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar ops/target/orchard.jar http} serving a folder to curl, then a graceful stop on SIGTERM. */
class HttpCommandJarIT {

    @Test
    void theJarServesAFolderToCurl(@TempDir Path root) throws Exception {
        Path curl = Peers.require("curl");
        Path jar = Path.of("target/orchard.jar").toAbsolutePath();
        assertThat(jar).exists();
        String sha = Hashes.sha256(Hashes.randomFile(root.resolve("root.dmg"), 5_000_000, 8));
        Process p = new ProcessBuilder("java", "-jar", jar.toString(), "http", "--root", root.toString(),
                "--address", "127.0.0.1", "--port", "0").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String port = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (port == null && System.nanoTime() < deadline) {
                String line = lines.readLine();
                assertThat(line).as("the jar exited before serving").isNotNull();
                Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
                if (m.find()) {
                    port = m.group(1);
                }
            }
            assertThat(port).isNotNull();
            Path got = root.resolve("got");
            Proc.check(Duration.ofSeconds(30), curl.toString(), "-sf", "-o", got.toString(),
                    "http://127.0.0.1:" + port + "/root.dmg");
            assertThat(Hashes.sha256(got)).isEqualTo(sha);
            Path partial = root.resolve("partial");
            Files.write(partial, java.util.Arrays.copyOf(Files.readAllBytes(root.resolve("root.dmg")), 1_234_567));
            Proc.check(Duration.ofSeconds(30), curl.toString(), "-sf", "-C", "-", "-o", partial.toString(),
                    "http://127.0.0.1:" + port + "/root.dmg");
            assertThat(Hashes.sha256(partial)).isEqualTo(sha);
            // SIGTERM by pid (Process.destroy would also close our end of its output)
            Proc.check(Duration.ofSeconds(10), "kill", "-TERM", String.valueOf(p.pid()));
            String rest = lines.lines().collect(java.util.stream.Collectors.joining("\n"));
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            assertThat(rest).contains("orchard http: stopping");
        } finally {
            p.destroyForcibly();
        }
    }
}
