package dev.orchard.ops.cli;

import dev.orchard.http.files.Mount;
import dev.orchard.http.files.MountKind;
import dev.orchard.http.server.HttpImageServer;
import dev.orchard.http.server.HttpServerConfig;
import dev.orchard.http.server.TlsSettings;
import dev.orchard.http.spi.AccessLogSink;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.ops.config.ObservabilitySettings;
import dev.orchard.ops.logging.AccessLogWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code orchard http}: serves one folder over HTTP on its own (GET/HEAD, ranges, zero-copy), without
 * policies or the agent API. Handy to publish NBI root images or to test a Mac's HTTP fetches.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "Serve a folder over HTTP (ranges, resume, zero-copy) until stopped.")
public final class HttpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, description = "Folder to serve at /.")
    Path root;

    @Option(names = "--address", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--port", defaultValue = "80", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tls-port", description = "Also listen for HTTPS on this port (needs --tls-cert and --tls-key).")
    Integer tlsPort;

    @Option(names = "--tls-cert", description = "PEM certificate chain for HTTPS.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM PKCS#8 private key for HTTPS.")
    Path tlsKey;

    @Option(names = "--access-log", paramLabel = "FILE|-", description = "One line per request to this file"
            + " (appended), or - for standard output; the same lines as serve's logging.access_log (docs/admin-guide.md).")
    String accessLog;

    @Option(names = "--access-log-format", paramLabel = "text|json", defaultValue = "text",
            description = "Access log lines as text or one JSON object each (default: ${DEFAULT-VALUE}).")
    String accessLogFormat;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(root) || !Files.isReadable(root)) {
            err.println("orchard http: --root " + root + " is not a readable folder");
            return ServiceExit.CANNOT_START;
        }
        if ((tlsPort != null || tlsCert != null || tlsKey != null)
                && (tlsPort == null || tlsCert == null || tlsKey == null)) {
            err.println("orchard http: HTTPS needs all of --tls-port, --tls-cert and --tls-key");
            return ServiceExit.USAGE;
        }
        HttpServerConfig config = HttpServerConfig.plain(new InetSocketAddress(address, port),
                List.of(Mount.of("/", root, MountKind.FILES)));
        if (tlsPort != null) {
            config = config.withTls(new TlsSettings(new InetSocketAddress(address, tlsPort), tlsCert, tlsKey));
        }
        AccessLogSink log;
        try {
            log = accessLog == null ? AccessLogSink.NONE : AccessLogWriter.open(new ObservabilitySettings.AccessLog(
                    ObservabilitySettings.LogFormat.parse(accessLogFormat), "-".equals(accessLog) ? null : Path.of(accessLog)));
        } catch (IllegalArgumentException e) {
            err.println("orchard http: --access-log-format: " + e.getMessage());
            return ServiceExit.USAGE;
        } catch (IOException e) {
            err.println("orchard http: cannot open the access log " + accessLog + ": " + e.getMessage());
            return ServiceExit.CANNOT_START;
        }
        HttpImageServer server;
        try {
            server = HttpImageServer.start(config, HttpPorts.standalone(), log);
        } catch (Exception e) {
            closeQuietly(log);
            if (BindFailure.isBindProblem(e)) {
                err.println(BindFailure.explain("orchard http", address, port, e));
            } else {
                err.println("orchard http: cannot start: " + e.getMessage());
            }
            return ServiceExit.CANNOT_START;
        }
        out.println("orchard http: serving " + root.toAbsolutePath() + " on http://" + hostPort(server.address())
                + "/" + server.tlsAddress().map(a -> " and https://" + hostPort(a) + "/").orElse(""));
        out.flush();
        // the server first, so that the last requests' lines are in the log before it closes
        ServiceLifecycle.closeOnShutdown("orchard http", () -> {
            try {
                server.close();
            } finally {
                closeQuietly(log);
            }
        }, out);
        return ServiceExit.KEEP_RUNNING;
    }

    private static void closeQuietly(AccessLogSink log) {
        if (log instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // stopping: nothing more to write
            }
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
