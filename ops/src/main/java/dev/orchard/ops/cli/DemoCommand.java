package dev.orchard.ops.cli;

import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.init.SampleSetup;
import dev.orchard.ops.lab.LabEndpoints;
import dev.orchard.ops.lab.LabOutput;
import dev.orchard.ops.lab.LabReport;
import dev.orchard.ops.lab.LabSettings;
import dev.orchard.ops.lab.ProgressDisplay;
import dev.orchard.ops.wiring.Listeners;
import dev.orchard.ops.wiring.OrchardServer;
import dev.orchard.ops.wiring.ServeOptions;
import dev.orchard.ops.wiring.StartFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code orchard demo}: the first thing to run. A sample setup in a new folder, served on loopback at
 * unprivileged ports, a lab of simulated Macs that covers every action, then the server keeps running
 * so the admin can look at {@code /metrics} and the machine list.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Try Orchard without Macs or root: write a sample setup, serve it on 127.0.0.1, run 8 simulated",
                "Macs through BSDP, TFTP, HTTP and the restore agent, show where to look, and keep serving until Ctrl-C."})
public final class DemoCommand implements Callable<Integer> {

    /** The ports {@code serve --unprivileged} moves 67, 69 and 80 to: 10067, 10069, 10080. */
    private static final int BSDP_PORT = Listeners.unprivilegedPort(67);
    private static final int TFTP_PORT = Listeners.unprivilegedPort(69);
    private static final int HTTP_PORT = Listeners.unprivilegedPort(80);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "write the sample setup here (default: a new temporary folder)")
    Path dir;

    @Option(names = "--macs", defaultValue = "8", paramLabel = "N",
            description = "simulated Macs (default ${DEFAULT-VALUE})")
    int macs;

    @Option(names = "--exit",
            description = "stop after the lab instead of serving until Ctrl-C (exit 0 only if every Mac made it)")
    boolean exit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LabCommand.quietLogs();
        Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("orchard-demo-");
        out.println("orchard demo: writing a sample setup to " + folder);
        out.flush();
        Path config = SampleSetup.write(folder, true, (done, total) -> { });
        OrchardServer server = start(config, out, err);
        if (server == null) {
            return ServiceExit.CANNOT_START;
        }
        boolean ok = false;
        try {
            ConfigSnapshot snapshot = server.holder().current();
            LabSettings settings = LabSettings.defaults(macs, Files.createDirectories(folder.resolve("lab")));
            LabEndpoints endpoints = new LabEndpoints(server.bsdpAddress(), new InetSocketAddress("0.0.0.0", 0),
                    server.tftpAddress().getPort(), URI.create(server.httpUrl()), true);
            out.println("orchard demo: " + macs + " simulated Macs boot: BSDP, TFTP, HTTP, then the restore agent");
            out.flush();
            LabReport report = LabCommand.run(snapshot, settings, endpoints,
                    System.console() != null ? ProgressDisplay.Mode.ANSI : ProgressDisplay.Mode.PLAIN, out);
            LabOutput.text(report.summary(), out);
            ok = report.summary().allSucceeded();
            where(server, folder, !exit, out);
        } finally {
            if (exit) {
                server.close();
            }
        }
        if (exit) {
            if (dir == null) {
                LabCommand.deleteQuietly(folder);
            }
            return ok ? ServiceExit.OK : ServiceExit.FAILED;
        }
        out.println("orchard demo: serving until Ctrl-C; the setup stays in " + folder + " (delete it when done)");
        out.flush();
        ServiceLifecycle.closeOnShutdown("orchard demo", server, out);
        return ServiceExit.KEEP_RUNNING;
    }

    /** On 127.0.0.1 at 10067/10069/10080; on ephemeral ports when one of those is taken. */
    private static OrchardServer start(Path config, PrintWriter out, PrintWriter err) {
        ServeOptions loopback = ServeOptions.loopback(config);
        try {
            return OrchardServer.start(loopback.withPorts(BSDP_PORT, TFTP_PORT, HTTP_PORT));
        } catch (StartFailure f) {
            if (f.kind() != StartFailure.Kind.BIND) {
                err.println("orchard demo: cannot start the server: " + f.getMessage());
                f.problems().forEach(err::println);
                err.flush();
                return null;
            }
            out.println("orchard demo: " + f.getMessage() + "; using free ports instead");
        }
        try {
            return OrchardServer.start(loopback);
        } catch (StartFailure f) {
            err.println("orchard demo: cannot start the server: " + f.getMessage());
            err.flush();
            return null;
        }
    }

    private static void where(OrchardServer server, Path folder, boolean serving, PrintWriter out) {
        String base = server.httpUrl();
        out.println();
        out.println(serving ? "Look around (the server keeps running):" : "Where to look while it runs:");
        out.println("  metrics      curl " + base + "/metrics");
        String token = server.adminToken().orElse("<none>");
        out.println("  machines     curl -H 'Authorization: Bearer " + token + "' " + base + "/api/v1/machines");
        out.println("               java -jar ops/target/orchard.jar machines --config " + folder.resolve("orchard.yaml"));
        out.println("  one Mac      java -jar ops/target/orchard.jar explain --config " + folder.resolve("orchard.yaml")
                + " --mac 02:0c:00:00:00:01 --model iMac18,3");
        out.println("  more Macs    java -jar ops/target/orchard.jar lab --config " + folder.resolve("orchard.yaml")
                + " --server 127.0.0.1 --bsdp-port " + server.bsdpAddress().getPort() + " --tftp-port "
                + server.tftpAddress().getPort() + " --http-port " + server.httpAddress().getPort() + " --macs 40");
        out.flush();
    }
}
