package dev.orchard.ops.cli;

import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.ObservabilitySettings;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.logging.LoggingSetup;
import dev.orchard.ops.wiring.OrchardServer;
import dev.orchard.ops.wiring.ServeOptions;
import dev.orchard.ops.wiring.StartFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code orchard serve}: BSDP, TFTP and HTTP from one configuration, until stopped (Ctrl-C, SIGTERM: exit 0);
 * SIGHUP, a file change or {@code POST /api/v1/admin/reload} reloads the policies. Before anything is bound
 * it runs the check {@code orchard validate} prints, and refuses to start (exit 1) with the same lines.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run Orchard: BSDP + TFTP + HTTP (images, agent API, admin API, /metrics) from one configuration.",
                "Reloads on file change, SIGHUP and POST /api/v1/admin/reload; stops gracefully on SIGTERM/Ctrl-C."})
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "orchard.yaml")
    Path config;

    @Option(names = "--unprivileged",
            description = {"Move ports below 1024 to 10000+port (BSDP 10067, TFTP 10069, HTTP 10080) and answer high",
                    "BSDP reply ports: for simulated labs and demos without root. Real Macs need 67 and 69."})
    boolean unprivileged;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Log format (default: logging.format of the configuration, else text).")
    String logFormat;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!applyLogging(err)) {
            return ServiceExit.USAGE;
        }
        OrchardServer server;
        try {
            server = OrchardServer.start(ServeOptions.of(config).withUnprivileged(unprivileged));
        } catch (StartFailure f) {
            return explain(f, err);
        }
        print(server, out);
        ServiceLifecycle.closeOnShutdown("orchard serve", server, out);
        return ServiceExit.KEEP_RUNNING;
    }

    /** Applies --log-format, else the configuration's logging settings (a broken config is reported later). */
    private boolean applyLogging(PrintWriter err) {
        ObservabilitySettings.Logging settings = ConfigLoader.check(config, ConfigLoader.Options.DEFAULTS).snapshot()
                .map(ConfigSnapshot::config).map(c -> c.logging()).orElse(ObservabilitySettings.Logging.DEFAULTS);
        if (logFormat != null) {
            try {
                settings = new ObservabilitySettings.Logging(ObservabilitySettings.LogFormat.parse(logFormat),
                        settings.level());
            } catch (IllegalArgumentException e) {
                err.println("orchard serve: --log-format: " + e.getMessage());
                err.flush();
                return false;
            }
        }
        LoggingSetup.apply(settings);
        return true;
    }

    private int explain(StartFailure f, PrintWriter err) {
        switch (f.kind()) {
            case CONFIGURATION -> {
                f.problems().forEach(err::println);
                err.println("orchard serve: " + config + " has errors (`orchard validate --config " + config
                        + (unprivileged ? " --unprivileged" : "") + "` lists the same); nothing was started");
                err.flush();
                return ServiceExit.FAILED;
            }
            case BIND -> {
                InetSocketAddress a = f.address();
                err.println(BindFailure.explain("orchard serve: " + f.service(), a.getAddress().getHostAddress(),
                        a.getPort(), f.getCause()));
            }
            default -> err.println("orchard serve cannot start: " + f.getMessage());
        }
        err.println("orchard serve: nothing was left running");
        err.flush();
        return ServiceExit.CANNOT_START;
    }

    private static void print(OrchardServer server, PrintWriter out) {
        String base = server.httpUrl();
        out.println("orchard serve: BSDP on " + hostPort(server.bsdpAddress()) + " (udp), TFTP on "
                + hostPort(server.tftpAddress()) + " (udp), HTTP on " + base + "/");
        out.println("  metrics:   " + base + "/metrics" + (server.holder().current().config().metrics().enabled() ? ""
                : " (disabled by metrics.enabled: false)"));
        out.println("  health:    " + base + "/healthz, " + base + "/readyz");
        String auth = server.adminToken().isPresent() ? " (Authorization: Bearer <admin token>)"
                : " (disabled: no admin_token configured)";
        out.println("  machines:  " + base + "/api/v1/machines" + auth + ", or `orchard machines --config "
                + server.holder().mainFile() + "`");
        out.println("  admin API: POST " + base + "/api/v1/admin/reload, POST " + base + "/api/v1/admin/rescan" + auth);
        out.println("orchard serve: ready");
        out.flush();
    }

    private static String hostPort(InetSocketAddress a) {
        return (a.getAddress().isAnyLocalAddress() ? "0.0.0.0" : a.getAddress().getHostAddress()) + ":" + a.getPort();
    }
}
