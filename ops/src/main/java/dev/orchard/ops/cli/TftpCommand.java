package dev.orchard.ops.cli;

import dev.orchard.tftp.codec.BlockNumbering;
import dev.orchard.tftp.server.TftpServer;
import dev.orchard.tftp.server.TftpServerConfig;
import dev.orchard.tftp.spi.NoOpTftpMetrics;
import dev.orchard.tftp.spi.RootedFileSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code orchard tftp}: the read-only TFTP boot-file service on its own, e.g. to serve NetBoot booters and
 * kernelcaches from an NBI folder. Stops gracefully on Ctrl-C / SIGTERM.
 */
@Command(name = "tftp", mixinStandardHelpOptions = true,
        description = {"Serve boot files read-only over TFTP (RFC 1350, 2347-2349, 7440 windowsize).",
                "Both Apple booter paths (/private/tftpboot/NetBoot/NetBootSP0/X.nbi/i386/booter) and",
                "root-relative ones (X.nbi/i386/booter) are served from --root."})
public final class TftpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR",
            description = "Folder served read-only (e.g. the folder holding the .nbi bundles).")
    Path root;

    @Option(names = "--address", defaultValue = "0.0.0.0", paramLabel = "A",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, all interfaces).")
    String address;

    @Option(names = "--port", defaultValue = "69", paramLabel = "P",
            description = "UDP port for requests (default: ${DEFAULT-VALUE}; below 1024 needs root).")
    int port;

    @Option(names = "--max-blksize", defaultValue = "" + TftpServerConfig.DEFAULT_MAX_BLOCK_SIZE, paramLabel = "N",
            description = "Largest blksize granted, 8..65464 (default: ${DEFAULT-VALUE} = Ethernet MTU - 32, "
                    + "which avoids IP fragmentation that many netboot ROMs cannot handle).")
    int maxBlockSize;

    @Option(names = "--max-windowsize", defaultValue = "" + TftpServerConfig.DEFAULT_MAX_WINDOW_SIZE,
            paramLabel = "N", description = "Largest RFC 7440 windowsize granted, 1..65535 (default: ${DEFAULT-VALUE}).")
    int maxWindowSize;

    @Option(names = "--prefix", paramLabel = "PATH",
            description = {"Absolute path prefix stripped from requested names (repeatable). Default: "
                    + RootedFileSource.APPLE_NETBOOT_PREFIX, "Use --prefix / to read every absolute name as root-relative."})
    List<String> prefixes = new ArrayList<>();

    @Option(names = "--max-transfers", defaultValue = "" + TftpServerConfig.DEFAULT_MAX_TRANSFERS, paramLabel = "N",
            description = "Concurrent transfers, all clients together (default: ${DEFAULT-VALUE}).")
    int maxTransfers;

    @Option(names = "--max-transfers-per-client", defaultValue = "" + TftpServerConfig.DEFAULT_MAX_TRANSFERS_PER_CLIENT,
            paramLabel = "N", description = "Concurrent transfers from one client address (default: ${DEFAULT-VALUE}).")
    int maxTransfersPerClient;

    @Option(names = "--max-transfer-seconds", defaultValue = "300", paramLabel = "S",
            description = "A transfer running longer is abandoned (default: ${DEFAULT-VALUE}).")
    long maxTransferSeconds;

    @Option(names = "--retransmit-ms", defaultValue = "1000", paramLabel = "MS",
            description = "First retransmission timeout when the client asks for none; doubles on each retry "
                    + "(default: ${DEFAULT-VALUE}).")
    long retransmitMillis;

    @Option(names = "--retries", defaultValue = "" + TftpServerConfig.DEFAULT_MAX_RETRIES, paramLabel = "N",
            description = "Timeouts in a row before a transfer is abandoned (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--rollover", defaultValue = "0", paramLabel = "0|1",
            description = "Block number after 65535: 0 (default, tftp-hpa) or 1.")
    int rollover;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event-loop threads the transfers are spread over, 1.." + TftpServerConfig.MAX_TRANSFER_THREADS
                    + " (default: one per core).")
    Integer threads;

    @Option(names = "--no-udp-gso",
            description = "Send each DATA datagram on its own instead of windows as UDP segmentation-offload trains "
                    + "(GSO is used by default where Linux supports it, and switched off by itself if the kernel refuses it).")
    boolean noUdpGso;

    @Option(names = "--serve-non-world-readable",
            description = "Also serve files that are not readable by 'others' (refused by default, like tftp-hpa).")
    boolean serveNonWorldReadable;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(root)) {
            err.println("tftp: --root " + root + " is not a folder");
            return ServiceExit.USAGE;
        }
        TftpServerConfig config;
        RootedFileSource files;
        try {
            config = config();
            RootedFileSource.Builder builder = RootedFileSource.builder(root)
                    .requireWorldReadable(!serveNonWorldReadable);
            (prefixes.isEmpty() ? List.of(RootedFileSource.APPLE_NETBOOT_PREFIX) : prefixes).forEach(builder::prefix);
            files = builder.build();
        } catch (IllegalArgumentException | UnknownHostException e) {
            err.println("tftp: " + e.getMessage());
            return ServiceExit.USAGE;
        }
        TftpServer server;
        try {
            server = TftpServer.start(config, files, NoOpTftpMetrics.INSTANCE);
        } catch (IOException e) {
            err.println(BindFailure.isBindProblem(e) ? BindFailure.explain("tftp", address, port, e)
                    : "tftp: cannot start: " + e.getMessage());
            return ServiceExit.CANNOT_START;
        }
        out.println("tftp: serving " + files.root() + " on " + server.localAddress()
                + " (blksize <= " + maxBlockSize + ", windowsize <= " + maxWindowSize + ")");
        out.flush();
        ServiceLifecycle.closeOnShutdown("tftp", server, out);
        return ServiceExit.KEEP_RUNNING;
    }

    private TftpServerConfig config() throws UnknownHostException {
        if (rollover != 0 && rollover != 1) {
            throw new IllegalArgumentException("--rollover must be 0 or 1, got " + rollover);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        return TftpServerConfig.defaults()
                .withBindAddress(new InetSocketAddress(InetAddress.getByName(address), port))
                .withMaxBlockSize(maxBlockSize)
                .withMaxWindowSize(maxWindowSize)
                .withTransferLimits(maxTransfers, maxTransfersPerClient)
                .withMaxTransferDuration(Duration.ofSeconds(maxTransferSeconds))
                .withRetransmission(Duration.ofMillis(retransmitMillis),
                        Duration.ofMillis(Math.max(retransmitMillis, TftpServerConfig.DEFAULT_MAX_RETRANSMIT_TIMEOUT.toMillis())),
                        retries)
                .withBlockNumbering(rollover == 0 ? BlockNumbering.WRAP_TO_ZERO : BlockNumbering.WRAP_TO_ONE)
                .withTransferThreads(threads == null ? TftpServerConfig.defaultTransferThreads() : threads)
                .withSegmentationOffload(!noUdpGso);
    }
}
