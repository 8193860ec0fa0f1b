package dev.orchard.ops.cli;

import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.bsdp.client.SimulatedMac;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar orchard.jar bsdp}: the packaged service starts, answers a Mac, stops on SIGTERM. */
class BsdpJarIT {

    private static final Path JAR = Path.of("target", "orchard.jar");

    @TempDir
    Path nbi;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void theJarServesAndStopsGracefully() throws Exception {
        assertThat(JAR).exists();
        NbiFolders.bundle(nbi, "Lab", 1);
        Path log = nbi.resolveSibling(nbi.getFileName() + ".log");
        Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "bsdp", "--nbi", nbi.toString(),
                "--address", "127.0.0.1", "--port", "0", "--allow-high-reply-ports", "--rescan-seconds", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<String> lines;
        try {
            int port = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port < 0 && System.nanoTime() < deadline && p.isAlive()) {
                Matcher m = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)").matcher(Files.readString(log));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                Thread.sleep(50);
            }
            assertThat(port).as(Files.readString(log)).isPositive();
            try (BsdpClient client = BsdpClient.open(BsdpClientConfig.unicast(new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress("127.0.0.1", port)))) {
                assertThat(client.boot(SimulatedMac.intel(MacAddress.parse("00:1e:c2:00:00:01"), Ipv4.parse("127.0.0.1"),
                        "iMac18,1")).get(10, TimeUnit.SECONDS).bootFile()).isEqualTo("Lab.nbi/i386/booter");
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            lines = Files.readAllLines(log);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
        assertThat(String.join("\n", lines)).contains("orchard bsdp: stopping", "BSDP stopped");
    }

    @Test
    void port67WithoutRootIsExplained() throws Exception {
        Peers.requireRoot("switching to an unprivileged user");
        Path setpriv = Peers.require("setpriv");
        Path shared = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "orchard-bsdp-" + ProcessHandle.current().pid()));
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Proc.Result r = Proc.run(Duration.ofSeconds(60), setpriv.toString(), "--reuid=65534", "--regid=65534",
                    "--clear-groups", java(), "-jar", JAR.toAbsolutePath().toString(), "bsdp", "--nbi", shared.toString(),
                    "--address", "127.0.0.1", "--port", "67", "--rescan-seconds", "0");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ServiceExit.CANNOT_START);
            assertThat(r.stderr()).contains("orchard bsdp cannot listen on 127.0.0.1:67: port 67 is privileged and needs root");
        } finally {
            Files.deleteIfExists(shared);
        }
    }
}
