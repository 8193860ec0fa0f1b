package dev.orchard.ops.cli;

import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.ObservabilitySettings;
import dev.orchard.ops.logging.LoggingSetup;
import dev.orchard.ops.wiring.Listeners;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.config.ServerSettings;
import dev.orchard.ops.lab.InProcessAgent;
import dev.orchard.ops.lab.LabEndpoints;
import dev.orchard.ops.lab.LabOutput;
import dev.orchard.ops.lab.LabReport;
import dev.orchard.ops.lab.LabRun;
import dev.orchard.ops.lab.LabSettings;
import dev.orchard.ops.lab.MdmChaos;
import dev.orchard.ops.lab.ProgressBoard;
import dev.orchard.ops.lab.ProgressDisplay;
import dev.orchard.ops.lab.WarpClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code orchard lab}: N simulated Macs against a running Orchard server, each doing what a netbooting
 * Mac does and checking every byte and its end state against the configuration's policies.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Run simulated Macs against a running server: BSDP, TFTP, ranged HTTP, the restore agent,"
                + " events; every byte and every end state checked against the policies of FILE.",
                "Exit 0 only when every Mac reached the end state its policy asks for."})
public final class LabCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "the server's orchard.yaml (policies, NBI folders, images, ports)")
    Path config;

    @Option(names = "--macs", defaultValue = "8", paramLabel = "N", description = "simulated Macs (default ${DEFAULT-VALUE})")
    int macs;

    @Option(names = "--server", paramLabel = "ADDR",
            description = "the server's address (default: the config's advertise_address, else 127.0.0.1)")
    String server;

    @Option(names = "--unprivileged",
            description = "the server runs with `serve --unprivileged`: configured ports below 1024 are 10000 higher")
    boolean unprivileged;

    @Option(names = "--bsdp-port", paramLabel = "PORT", description = "the server's BSDP port, when not the configured one")
    Integer bsdpPort;

    @Option(names = "--tftp-port", paramLabel = "PORT", description = "the server's TFTP port, when not the configured one")
    Integer tftpPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "the server's HTTP port, when not the configured one")
    Integer httpPort;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "C",
            description = "Macs in flight at once (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "population seed: the same seed gives the same Macs (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print one JSON document (per-Mac results and the summary) on stdout")
    boolean json;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (bars on a terminal, lines otherwise), ansi, plain, none")
    String progress;

    @Option(names = "--work", paramLabel = "DIR",
            description = "folder for the Macs' targets and agent work folders (default: a temporary folder, removed)")
    Path work;

    @Option(names = "--discard-targets", description = "delete each Mac's work folder once its end state is checked")
    boolean discardTargets;

    @Option(names = "--broadcast",
            description = "send INFORMs to 255.255.255.255 from port 68 like real firmware (root, a real interface)")
    boolean broadcast;

    @Option(names = "--ciaddr", paramLabel = "ADDR",
            description = "the first Mac's address (default: 127.77.0.2… on loopback)")
    String ciaddr;

    @Option(names = "--first", defaultValue = "0", paramLabel = "K",
            description = "simulate Macs K… of the seeded population (one lab process per network namespace)")
    int first;

    @Option(names = "--tftp-windowsize", defaultValue = "0", paramLabel = "N",
            description = "RFC 7440 windowsize to ask for (default 0: none, as Mac firmware)")
    int tftpWindow;

    @Option(names = "--root-read", defaultValue = "32MiB", paramLabel = "SIZE",
            description = "how much of the root image each Mac reads with ranged GETs (default ${DEFAULT-VALUE})")
    String rootRead;

    @Option(names = "--range-size", defaultValue = "256KiB", paramLabel = "SIZE",
            description = "size of one ranged read of the root image (default ${DEFAULT-VALUE})")
    String rangeSize;

    @Option(names = "--mdm-lose-webhook", defaultValue = "0", paramLabel = "N",
            description = "modern Macs (erase policy) whose EraseDevice acknowledgement webhook is lost; their check-in"
                    + " after the erase must stand in for it (default ${DEFAULT-VALUE})")
    int mdmLoseWebhook;

    @Option(names = "--mdm-duplicate-webhooks", defaultValue = "0", paramLabel = "N",
            description = "modern Macs whose every webhook is delivered twice (default ${DEFAULT-VALUE})")
    int mdmDuplicateWebhooks;

    @Option(names = "--mdm-never-back", defaultValue = "0", paramLabel = "N",
            description = "modern Macs that never enroll again after the erase: expected to end timed-out"
                    + " (never-came-back) after erase.reenroll_timeout (default ${DEFAULT-VALUE})")
    int mdmNeverBack;

    @Option(names = "--mdm-down", defaultValue = "0", paramLabel = "SECONDS",
            description = "the MDM's API answers 503 for this long once the erase is asked for (default ${DEFAULT-VALUE})")
    int mdmDown;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        quietLogs();
        ConfigLoader.Result loaded = ConfigLoader.check(config, ConfigLoader.Options.DEFAULTS);
        if (loaded.snapshot().isEmpty()) {
            ValidateCommand.printProblems(err, loaded.errors());
            err.println(config + ": configuration rejected; fix the errors above (orchard validate lists them all)");
            err.flush();
            return ServiceExit.FAILED;
        }
        ConfigSnapshot snapshot = loaded.snapshot().get();
        boolean temporary = work == null;
        Path folder = temporary ? Files.createTempDirectory("orchard-lab-") : Files.createDirectories(work);
        LabSettings settings;
        ProgressDisplay.Mode mode;
        try {
            settings = new LabSettings(macs, first, concurrency, seed, server, broadcast, ciaddr, folder, discardTargets,
                    tftpWindow, size(rootRead, "--root-read"), (int) size(rangeSize, "--range-size"),
                    Duration.ofSeconds(2), 3, new MdmChaos(mdmLoseWebhook, mdmDuplicateWebhooks, mdmNeverBack,
                    Duration.ofSeconds(mdmDown)));
            mode = mode(progress);
        } catch (IllegalArgumentException e) {
            err.println("lab: " + e.getMessage());
            err.flush();
            return ServiceExit.USAGE;
        }
        try {
            LabEndpoints endpoints = LabEndpoints.of(listeners(snapshot.config().server()), settings);
            LabReport report = run(snapshot, settings, endpoints, mode, json ? err : out, adminToken(snapshot), null);
            if (json) {
                LabOutput.json(report, out);
            } else {
                LabOutput.text(report.summary(), out);
            }
            return report.summary().allSucceeded() ? ServiceExit.OK : ServiceExit.FAILED;
        } catch (Exception e) {
            if (!BindFailure.isBindProblem(e)) {
                throw e;
            }
            err.println("lab: " + BindFailure.explain("the Macs' BSDP socket", "0.0.0.0", broadcast ? 68 : 0, e));
            err.flush();
            return ServiceExit.CANNOT_START;
        } finally {
            if (temporary) {
                deleteQuietly(folder);
            }
        }
    }

    /**
     * Warnings only, unless {@code -Dorchard.log.level} says otherwise: the servers' and clients' info lines
     * (one per exchange) would bury the progress display.
     */
    static void quietLogs() {
        if (System.getProperty(LoggingSetup.LEVEL_PROPERTY) == null) {
            LoggingSetup.apply(new ObservabilitySettings.Logging(ObservabilitySettings.LogFormat.TEXT, "warn"));
        }
    }

    /** Runs a lab with the in-process agent and a progress display on {@code progressOut}. */
    public static LabReport run(ConfigSnapshot snapshot, LabSettings settings, LabEndpoints endpoints,
                                ProgressDisplay.Mode mode, PrintWriter progressOut) throws Exception {
        return run(snapshot, settings, endpoints, mode, progressOut, null, null);
    }

    /**
     * The same, with what the modern Macs need of the server (docs/lab.md, "Modern Macs"): its admin token and,
     * when it runs in this JVM, its clock (null otherwise).
     */
    public static LabReport run(ConfigSnapshot snapshot, LabSettings settings, LabEndpoints endpoints,
                                ProgressDisplay.Mode mode, PrintWriter progressOut, String adminToken,
                                WarpClock serverClock) throws Exception {
        LabRun lab = LabRun.prepare(snapshot, settings, endpoints).withAdmin(adminToken, serverClock);
        ProgressBoard board = new ProgressBoard(lab.expectations(), lab.simulatesModernMacs());
        try (ProgressDisplay display = ProgressDisplay.start(board, progressOut, mode)) {
            return lab.run(new InProcessAgent(), board);
        }
    }

    /** The admin token as the server reads it (the modern Macs' erase is asked for with it), or null. */
    private static String adminToken(ConfigSnapshot snapshot) {
        if (snapshot.config().adminToken() == null) {
            return null;
        }
        return snapshot.config().adminToken().read(System.getenv()).secret().orElse(null);
    }

    /** The server's listeners as it runs: the configured ones, moved by --unprivileged, overridden by --*-port. */
    private ServerSettings listeners(ServerSettings s) {
        ServerSettings.BsdpSettings b = s.bsdp();
        ServerSettings.TftpSettings t = s.tftp();
        ServerSettings.HttpSettings h = s.http();
        return new ServerSettings(s.advertiseAddress(), s.interfaces(), s.dataDir(),
                new ServerSettings.BsdpSettings(b.address(), port(bsdpPort, b.port()), b.priority()),
                new ServerSettings.TftpSettings(t.address(), port(tftpPort, t.port()), t.prefix()),
                new ServerSettings.HttpSettings(h.address(), port(httpPort, h.port()), h.tls()));
    }

    private int port(Integer override, int configured) {
        if (override != null) {
            return override;
        }
        return unprivileged ? Listeners.unprivilegedPort(configured) : configured;
    }

    private ProgressDisplay.Mode mode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> System.console() != null && !json ? ProgressDisplay.Mode.ANSI : ProgressDisplay.Mode.PLAIN;
            case "ansi" -> ProgressDisplay.Mode.ANSI;
            case "plain" -> ProgressDisplay.Mode.PLAIN;
            case "none" -> ProgressDisplay.Mode.NONE;
            default -> throw new IllegalArgumentException("--progress: '" + text + "' is not one of auto, ansi, plain, none");
        };
    }

    /** {@code 32MiB}, {@code 256KiB}, {@code 1GiB} or a number of bytes. */
    static long size(String text, String option) {
        String t = text.trim();
        long unit = 1;
        for (String[] u : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a size such as 32MiB, 256KiB or 4096");
        }
    }

    /** Removes a folder the command created; a leftover temporary folder is harmless. */
    static void deleteQuietly(Path folder) {
        try (var all = Files.walk(folder)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
