package dev.orchard.tftp.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A load generator: N concurrent fetches of one file from one process, sizes verified against tsize.
 * {@code java -cp orchard.jar dev.orchard.tftp.client.TftpLoad HOST PORT FILE COUNT BLKSIZE WINDOWSIZE [THREADS]}
 * prints one line {@code load ok=N failed=N bytes=N seconds=S mibps=X retransmits=N}; exit code 1 if any
 * fetch failed. Used by {@code ops/bench/tftp-bench.sh}.
 */
public final class TftpLoad {

    private TftpLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: TftpLoad HOST PORT FILE COUNT BLKSIZE WINDOWSIZE [THREADS]");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[3]);
        int blockSize = Integer.parseInt(args[4]);
        int windowSize = Integer.parseInt(args[5]);
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        try (TftpClient client = new TftpClient(threads)) {
            long start = System.nanoTime();
            List<CompletableFuture<TransferResult>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                FetchRequest r = FetchRequest.of(server, args[2], TransferSink.discard())
                        .withBlockSize(blockSize).withTransferSize(true)
                        .withRetransmission(Duration.ofSeconds(1), 8);
                all.add(client.fetch(windowSize > 1 ? r.withWindowSize(windowSize) : r));
            }
            long bytes = 0;
            int ok = 0;
            int failed = 0;
            long retransmits = 0;
            for (CompletableFuture<TransferResult> f : all) {
                try {
                    TransferResult r = f.get(10, TimeUnit.MINUTES);
                    if (r.announcedSize() >= 0 && r.bytes() != r.announcedSize()) {
                        failed++;
                        continue;
                    }
                    bytes += r.bytes();
                    retransmits += r.retransmits();
                    ok++;
                } catch (Exception e) {
                    failed++;
                    System.err.println("fetch failed: " + e.getMessage());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "load ok=%d failed=%d bytes=%d seconds=%.3f mibps=%.1f retransmits=%d%n",
                    ok, failed, bytes, seconds, bytes / 1048576.0 / seconds, retransmits);
            System.exit(failed == 0 ? 0 : 1);
        }
    }
}
