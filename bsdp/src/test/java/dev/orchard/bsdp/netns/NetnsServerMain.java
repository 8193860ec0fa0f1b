package dev.orchard.bsdp.netns;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.server.BsdpServer;
import dev.orchard.bsdp.server.BsdpServerConfig;
import dev.orchard.bsdp.spi.CatalogBootPolicy;
import dev.orchard.bsdp.spi.DropReason;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.bsdp.spi.RecordingBsdpMetrics;
import dev.orchard.testkit.Peers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The BSDP server as it runs for real, in a child JVM inside a network namespace: bound to 0.0.0.0:67,
 * server identifier per route; an optional second argument names the served interfaces (comma-separated,
 * as {@code --interface}). Prints {@code READY} once bound; on a {@code stats} line from stdin prints
 * its counters; exits on end of input.
 */
public final class NetnsServerMain {

    private NetnsServerMain() {
    }

    /** Skips the test without root or {@code ip}; writes the NBI folder the server serves (Lab.nbi, index 1). */
    static Path requirementsAndCatalog(Path dir) throws java.io.IOException {
        Peers.requireRoot("network namespaces and port 67");
        Peers.require("ip");
        Path nbi = Files.createDirectories(dir.resolve("nbi"));
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).name("Lab").write();
        return nbi;
    }

    public static void main(String[] args) throws Exception {
        RecordingBsdpMetrics metrics = new RecordingBsdpMetrics();
        LiveCatalog catalog = new LiveCatalog(NbiCatalogScanner.standard(), List.of(Path.of(args[0])));
        catalog.rescan();
        Set<String> interfaces = args.length > 1 ? Set.of(args[1].split(",")) : Set.of();
        try (BsdpServer server = BsdpServer.start(BsdpServerConfig.builder().answerOnInterfaces(interfaces).build(),
                catalog, new CatalogBootPolicy(), new InMemoryBindingStore(), metrics)) {
            System.out.println("READY " + server.localAddress());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("stats")) {
                    StringBuilder sb = new StringBuilder("STATS");
                    for (DropReason r : DropReason.values()) {
                        sb.append(' ').append(r).append('=').append(metrics.drops(r));
                    }
                    System.out.println(sb);
                    System.out.flush();
                }
            }
        }
    }
}
