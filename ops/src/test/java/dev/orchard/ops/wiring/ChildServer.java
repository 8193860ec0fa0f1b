package dev.orchard.ops.wiring;

import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.ops.init.SampleSetup;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar ops/target/orchard.jar serve} as a child JVM on an {@code orchard init} setup whose
 * listeners are moved to 127.0.0.1 and free ports; stdout and stderr go to files the test reads.
 */
final class ChildServer implements AutoCloseable {

    static final Path JAR = Path.of("target", "orchard.jar").toAbsolutePath();

    final Path config;
    final int bsdpPort;
    final int tftpPort;
    final int httpPort;
    final Path out;
    final Path err;
    Process process;

    private ChildServer(Path config, int bsdp, int tftp, int http) {
        this.config = config;
        this.bsdpPort = bsdp;
        this.tftpPort = tftp;
        this.httpPort = http;
        this.out = config.resolveSibling("serve.out");
        this.err = config.resolveSibling("serve.err");
    }

    /** Writes the sample into {@code dir} with 127.0.0.1 and free ports. */
    static ChildServer prepare(Path dir) throws IOException {
        Path config = SampleSetup.write(dir, true, ManifestProgress.NONE);
        int bsdp = freeUdpPort();
        int tftp = freeUdpPort();
        int http = freeTcpPort();
        String yaml = Files.readString(config).replace("address: 0.0.0.0", "address: 127.0.0.1")
                .replace("port: 10067", "port: " + bsdp).replace("port: 10069", "port: " + tftp)
                .replace("port: 10080", "port: " + http);
        Files.writeString(config, yaml);
        return new ChildServer(config, bsdp, tftp, http);
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code serve} (plus {@code extra} options) and waits for "orchard serve: ready". */
    ChildServer start(String... extra) throws Exception {
        return startVia(List.of(), extra);
    }

    /** As {@link #start}, run through {@code launcher} (e.g. {@code env --default-signal=INT}). */
    ChildServer startVia(List<String> launcher, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(java(), "-Xmx512m", "-jar", JAR.toString(), "serve", "--config", config.toString(),
                "--unprivileged"));
        cmd.addAll(List.of(extra));
        process = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        waitFor(out, "orchard serve: ready");
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** The plan for {@code mac} (a restore model), asked with an enrollment code from the admin API and a claim. */
    com.fasterxml.jackson.databind.JsonNode plan(java.net.http.HttpClient http, String mac, String serial)
            throws Exception {
        String admin = Files.readString(config.resolveSibling("admin-token")).strip();
        java.net.http.HttpResponse<String> ticket = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url("/api/v1/admin/tickets"))).timeout(java.time.Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"mac\":\"" + mac + "\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (ticket.statusCode() != 201) {
            throw new AssertionError("ticket for " + mac + ": " + ticket.statusCode() + " " + ticket.body());
        }
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        url("/api/v1/plan?mac=" + mac + "&model=" + ServeFixture.RESTORE_MODEL + "&serial=" + serial)))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("X-Orchard-Ticket", ServeFixture.JSON.readTree(ticket.body()).get("code").asText())
                .header("X-Orchard-Claim", "claim-" + mac).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("plan for " + mac + ": " + r.statusCode() + " " + r.body());
        }
        return ServeFixture.JSON.readTree(r.body());
    }

    /** Waits until {@code file} contains {@code text} (60 s), failing with both logs when the child died. */
    void waitFor(Path file, String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " before '" + text + "'\n"
                        + logs());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' within 60 s\n" + logs());
    }

    String logs() throws IOException {
        return "stdout:\n" + (Files.exists(out) ? Files.readString(out) : "") + "\nstderr:\n"
                + (Files.exists(err) ? Files.readString(err) : "");
    }

    /** SIGKILL, as {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for a graceful exit; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        return awaitExit("SIGTERM");
    }

    /** Sends {@code signal} ({@code TERM}, {@code INT}) with kill(1) and waits for the exit; returns its code. */
    int signal(String signal) throws InterruptedException {
        dev.orchard.testkit.Proc.check(java.time.Duration.ofSeconds(10), "kill", "-" + signal,
                Long.toString(process.pid()));
        return awaitExit("SIG" + signal);
    }

    private int awaitExit(String after) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("serve did not stop within 60 s after " + after);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
