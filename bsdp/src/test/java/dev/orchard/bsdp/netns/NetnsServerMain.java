package dev.orchard.bsdp.netns;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.server.BsdpServer;
import dev.orchard.bsdp.server.BsdpServerConfig;
import dev.orchard.bsdp.spi.CatalogBootPolicy;
import dev.orchard.bsdp.spi.DropReason;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.bsdp.spi.RecordingBsdpMetrics;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The BSDP server as it runs for real, in a child JVM inside a network namespace: bound to 0.0.0.0:67,
 * server identifier per route. Prints {@code READY} once bound; on a {@code stats} line from stdin prints
 * its counters; exits on end of input.
 */
public final class NetnsServerMain {

    private NetnsServerMain() {
    }

    public static void main(String[] args) throws Exception {
        RecordingBsdpMetrics metrics = new RecordingBsdpMetrics();
        LiveCatalog catalog = new LiveCatalog(NbiCatalogScanner.standard(), List.of(Path.of(args[0])));
        catalog.rescan();
        try (BsdpServer server = BsdpServer.start(BsdpServerConfig.builder().build(), catalog, new CatalogBootPolicy(),
                new InMemoryBindingStore(), metrics)) {
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
