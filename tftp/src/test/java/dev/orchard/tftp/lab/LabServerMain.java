package dev.orchard.tftp.lab;

import dev.orchard.tftp.server.TftpServer;
import dev.orchard.tftp.server.TftpServerConfig;
import dev.orchard.tftp.spi.RootedFileSource;
import dev.orchard.tftp.testing.RecordingTftpMetrics;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The server side of the loss lab, run as a child JVM inside a network namespace:
 * {@code LabServerMain ROOT PORT [RELAY_PORT DUP REORDER]}. Prints {@code READY} when bound; on the stdin
 * line {@code stats} prints one {@code STATS key=value…} line; exits on {@code quit} or end of input.
 */
public final class LabServerMain {

    private LabServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        RecordingTftpMetrics metrics = new RecordingTftpMetrics();
        TftpServerConfig config = TftpServerConfig.defaults()
                .withBindAddress(new InetSocketAddress(port))
                .withRetransmission(Duration.ofMillis(200), Duration.ofSeconds(1), 12);
        ImpairmentRelay relay = null;
        try (TftpServer server = TftpServer.start(config, RootedFileSource.builder(root).build(), metrics)) {
            if (args.length >= 5) {
                relay = new ImpairmentRelay(new InetSocketAddress(Integer.parseInt(args[2])),
                        new InetSocketAddress("127.0.0.1", port), Double.parseDouble(args[3]),
                        Double.parseDouble(args[4]));
            }
            boolean gsoAtStart = server.segmentationOffloadActive();
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                if (line.equals("stats")) {
                    System.out.println("STATS active=" + server.activeTransfers()
                            + " completed=" + metrics.completed.sum()
                            + " failed=" + metrics.failedTotal()
                            + " duplicateAcks=" + server.counters().duplicateAcks()
                            + " dataSentForDuplicateAcks=" + server.counters().dataSentForDuplicateAcks()
                            + " retransmits=" + server.counters().retransmits()
                            + " gsoAtStart=" + (gsoAtStart ? 1 : 0)
                            + " gso=" + (server.segmentationOffloadActive() ? 1 : 0)
                            + " relayDuplicated=" + (relay == null ? 0 : relay.duplicated.get())
                            + " relayReordered=" + (relay == null ? 0 : relay.reordered.get()));
                    System.out.flush();
                }
            }
        } finally {
            if (relay != null) {
                relay.close();
            }
        }
    }
}
