package dev.orchard.ops.cli;

import dev.orchard.testkit.Hashes;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar ops/target/orchard.jar tftp} as a child process, fetched by a real client, then stopped. */
class TftpJarIT {

    @TempDir
    Path root;

    @Test
    void theJarServesAFileAndStopsGracefully() throws Exception {
        Path jar = Path.of("target", "orchard.jar").toAbsolutePath();
        assertThat(jar).exists();
        Hashes.randomFile(root.resolve("kernelcache"), 2_000_000, 3);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "tftp", "--root", root.toString(), "--address", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true).redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile())
                .start();
        Path log = root.resolveSibling(root.getFileName() + ".log");
        try {
            Pattern ready = Pattern.compile("tftp: serving .* on /127\\.0\\.0\\.1:(\\d+)");
            int port = -1;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port < 0 && System.nanoTime() < end && p.isAlive()) {
                Matcher m = ready.matcher(Files.readString(log));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                Thread.sleep(50);
            }
            try (TftpClient client = new TftpClient()) {
                TransferSink.DigestSink sink = TransferSink.digest();
                client.fetchAndWait(FetchRequest.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        "kernelcache", sink).withBlockSize(1468).withWindowSize(16), 30, TimeUnit.SECONDS);
                assertThat(sink.sha256()).isEqualTo(Hashes.sha256(root.resolve("kernelcache")));
            }
            p.destroy(); // SIGTERM: the shutdown hook closes the server
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).as("exit %d", p.exitValue()).contains("tftp: stopping");
        } finally {
            p.destroyForcibly();
        }
    }
}
