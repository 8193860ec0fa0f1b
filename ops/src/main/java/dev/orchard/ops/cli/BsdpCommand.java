package dev.orchard.ops.cli;

import dev.orchard.bsdp.catalog.CatalogProblem;
import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.server.BsdpServer;
import dev.orchard.bsdp.server.BsdpServerConfig;
import dev.orchard.bsdp.server.BsdpServerConfigBuilder;
import dev.orchard.bsdp.spi.CatalogBootPolicy;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.bsdp.spi.NoOpBsdpMetrics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code orchard bsdp}: the BSDP service on its own, for admins who keep their own TFTP and web
 * servers. Serves the {@code .nbi} bundles of one or more folders with the NBImageInfo.plist filters as
 * policy, rescanning them periodically without a restart.
 */
@Command(name = "bsdp", mixinStandardHelpOptions = true,
        description = {"Answer Macs' BSDP (NetBoot discovery) requests for the .nbi images in the given folders.",
                "Ordinary DHCP traffic is never answered. Port 67 needs root (or CAP_NET_BIND_SERVICE)."})
public final class BsdpCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nbi", required = true, paramLabel = "DIR",
            description = "Folder of .nbi bundles (repeatable); bundles one level down are found too.")
    List<Path> nbi;

    @Option(names = "--address", paramLabel = "IP", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, needed to receive broadcasts).")
    String address;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "67", description = "UDP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--advertise", paramLabel = "IP",
            description = "Server identifier to announce (default: our address on the route to each Mac).")
    String advertise;

    @Option(names = "--interface", paramLabel = "NAME",
            description = "Answer only Macs reached through this network interface (repeatable, e.g. eth1); a name"
                    + " that does not exist yet is served once it appears (default: every interface).")
    List<String> interfaces;

    @Option(names = "--tftp-server", paramLabel = "IP",
            description = "siaddr: where Macs fetch the booter over TFTP (default: the server identifier).")
    String tftpServer;

    @Option(names = "--tftp-prefix", paramLabel = "PATH", defaultValue = "",
            description = "Prefix of the booter path in the TFTP server's naming, e.g. /private/tftpboot/NetBoot/NetBootSP0"
                    + " (default: none, paths relative to a TFTP root that is the NBI folder, as with tftpd -s).")
    String tftpPrefix;

    @Option(names = "--http-base", paramLabel = "URL",
            description = "Base URL of HTTP root images with a numeric IP, e.g. http://10.0.0.5:8080/NetBoot/NetBootSP0"
                    + " (default: http://<server identifier>/NetBoot/NetBootSP0).")
    String httpBase;

    @Option(names = "--nfs-export", paramLabel = "PATH",
            description = "NFS export of the NBI folder for Type NFS images (default: the folder's own path).")
    String nfsExport;

    @Option(names = "--priority", paramLabel = "0-65535",
            description = "Fixed BSDP server priority (default: Apple's 32768 minus the number of bound Macs).")
    Integer priority;

    @Option(names = "--machine-name-format", paramLabel = "FORMAT", defaultValue = BsdpServerConfig.DEFAULT_MACHINE_NAME_FORMAT,
            description = "Machine name from the Mac's host number (default: ${DEFAULT-VALUE}).")
    String machineNameFormat;

    @Option(names = "--allow-high-reply-ports",
            description = "Answer reply ports >= 1024 (simulated labs, tests); Apple's server refuses them.")
    boolean allowHighReplyPorts;

    @Option(names = "--rescan-seconds", paramLabel = "N", defaultValue = "30",
            description = "Rescan the NBI folders every N seconds, 0 = never (default: ${DEFAULT-VALUE}).")
    int rescanSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BsdpServerConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            err.println("orchard bsdp: " + e.getMessage());
            return ServiceExit.USAGE;
        }
        LiveCatalog catalog = new LiveCatalog(NbiCatalogScanner.standard(), nbi);
        report(catalog.rescan(), out);
        BsdpServer server;
        try {
            server = BsdpServer.start(config, catalog, new CatalogBootPolicy(), new InMemoryBindingStore(),
                    NoOpBsdpMetrics.INSTANCE);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println(BindFailure.isBindProblem(e) ? BindFailure.explain("orchard bsdp", address, port, e)
                    : "orchard bsdp cannot start: " + e);
            return ServiceExit.CANNOT_START;
        }
        ScheduledExecutorService rescans = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nbi-rescan");
            t.setDaemon(true);
            return t;
        });
        if (rescanSeconds > 0) {
            rescans.scheduleWithFixedDelay(catalog::rescan, rescanSeconds, rescanSeconds, TimeUnit.SECONDS);
        }
        out.println("orchard bsdp: listening on " + server.localAddress() + ", serving " + catalog.get().images().size()
                + " image(s)" + (rescanSeconds > 0 ? ", rescanning every " + rescanSeconds + " s" : ""));
        out.flush();
        ServiceLifecycle.closeOnShutdown("orchard bsdp", () -> {
            rescans.shutdownNow();
            server.close();
        }, out);
        return ServiceExit.KEEP_RUNNING;
    }

    private BsdpServerConfig config() {
        for (Path dir : nbi) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--nbi " + dir + " is not a folder");
            }
        }
        if (rescanSeconds < 0) {
            throw new IllegalArgumentException("--rescan-seconds must be 0 or more, was " + rescanSeconds);
        }
        BsdpServerConfigBuilder b = BsdpServerConfig.builder().bindAddress(ipv4(address, "--address")).port(port)
                .bootFilePrefix(tftpPrefix).httpBase(httpBase).nfsExport(nfsExport)
                .machineNameFormat(machineNameFormat).allowHighReplyPorts(allowHighReplyPorts).serverName(hostName())
                // safe here: the NBImageInfo policy and the binding store are in memory and never block;
                // it saves two thread hand-offs per request (measured: less CPU per reply on 2 cores)
                .answerOnEventLoop(true);
        if (advertise != null) {
            b.advertiseAddress(Ipv4.parse(advertise));
        }
        if (interfaces != null) {
            b.answerOnInterfaces(Set.copyOf(interfaces));
        }
        if (tftpServer != null) {
            b.tftpServer(Ipv4.parse(tftpServer));
        }
        if (priority != null) {
            b.priority(priority);
        }
        return b.build();
    }

    private static InetAddress ipv4(String value, String option) {
        try {
            return Ipv4.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    /** Apple's sname filter compares with the host name; when it cannot be known, that check is off. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private static void report(NbiCatalog catalog, PrintWriter out) {
        out.println("NBI catalog: " + catalog.images().size() + " image(s) in " + catalog.roots());
        for (NbImage i : catalog.images()) {
            out.println("  " + i.id() + "  " + i.relativePath() + "  \"" + i.name() + "\"  " + i.type().plistValue()
                    + (i.isDefault() ? "  default" : "") + (i.enabledSystemIds().isEmpty() ? "" : "  models " + i.enabledSystemIds()));
        }
        for (CatalogProblem p : catalog.problems()) {
            out.println("  " + (p.severity() == CatalogProblem.Severity.ERROR ? "not served: " : "note: ") + p);
        }
        out.flush();
    }
}
