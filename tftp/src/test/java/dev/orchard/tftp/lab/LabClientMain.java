package dev.orchard.tftp.lab;

import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferResult;
import dev.orchard.tftp.client.TransferSink;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Our client in the loss lab, as a child JVM inside the client namespace:
 * {@code LabClientMain HOST PORT NAME:BLKSIZE:WINDOWSIZE…}. Prints {@code OK name bytes sha256 retransmits}
 * or {@code FAIL name reason} per job.
 */
public final class LabClientMain {

    private LabClientMain() {
    }

    public static void main(String[] args) {
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        try (TftpClient client = new TftpClient()) {
            for (int i = 2; i < args.length; i++) {
                String[] job = args[i].split(":");
                TransferSink.DigestSink sink = TransferSink.digest();
                try {
                    TransferResult r = client.fetchAndWait(FetchRequest.of(server, job[0], sink)
                            .withBlockSize(Integer.parseInt(job[1])).withWindowSize(Integer.parseInt(job[2]))
                            .withTransferSize(true).withRetransmission(Duration.ofMillis(200), 12),
                            120, TimeUnit.SECONDS);
                    System.out.println("OK " + args[i] + " " + r.bytes() + " " + sink.sha256() + " " + r.retransmits());
                } catch (Exception e) {
                    System.out.println("FAIL " + args[i] + " " + e.getMessage());
                }
            }
        }
    }
}
