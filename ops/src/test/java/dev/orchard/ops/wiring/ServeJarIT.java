package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.ops.cli.ServiceExit;
import dev.orchard.testkit.Hashes;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import dev.orchard.tftp.client.FetchRequest;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.tftp.client.TransferSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.orchard.ops.wiring.ServeFixture.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar ops/target/orchard.jar serve} as a child JVM: it serves BSDP, TFTP and HTTP, reloads on
 * SIGHUP, logs JSON, stops on SIGTERM; killed with SIGKILL during a burst of events posted by several
 * threads, it comes back with every event it acknowledged (202). Bind failures exit 3 with an explanation.
 */
class ServeJarIT {

    private static final int MACS = 16;
    private static final int THREADS = 8;
    /** Below the journal's 200 retained records per machine, so the admin API shows every stored event. */
    private static final int MAX_EVENTS_PER_MAC = 150;

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesReloadsOnSighupAndKeepsEveryAcknowledgedEventAcrossKillNine() throws Exception {
        try (ChildServer child = ChildServer.prepare(dir.resolve("lab")).start("--log-format", "json")) {
            servesAllThree(child);
            Proc.check(Duration.ofSeconds(10), "kill", "-HUP", Long.toString(child.process.pid()));
            child.waitFor(child.err, "SIGHUP received: reloading the configuration");
            waitForReloads(child);
            // the JSON log format: one object per line
            String line = Files.readAllLines(child.err).stream().filter(l -> l.contains("SIGHUP received")).findFirst()
                    .orElseThrow();
            assertThat(ServeFixture.JSON.readTree(line).get("level").asText()).isEqualTo("INFO");

            Map<String, String> tokens = new ConcurrentHashMap<>();
            for (int i = 0; i < MACS; i++) {
                String mac = String.format("02:00:0b:00:00:%02x", i);
                tokens.put(mac, plan(child, mac).get("token").asText());
            }
            Map<String, Set<Long>> acked = burstThenKill(child, tokens);
            int total = acked.values().stream().mapToInt(Set::size).sum();
            assertThat(total).as("acknowledged events before the kill").isGreaterThan(100);

            child.start();
            String admin = Files.readString(child.config.resolveSibling("admin-token")).strip();
            for (Map.Entry<String, Set<Long>> e : acked.entrySet()) {
                HttpResponse<String> r = get(child.url("/api/v1/machines/" + e.getKey()), admin);
                assertThat(r.statusCode()).isEqualTo(200);
                Set<Long> stored = new HashSet<>();
                ServeFixture.JSON.readTree(r.body()).get("lastEvents").forEach(ev -> stored.add(ev.get("seq").asLong()));
                assertThat(stored).as("events of %s after kill -9 and restart", e.getKey()).containsAll(e.getValue());
            }
            System.out.println("kill -9 during the burst: " + total + " acknowledged events, all found after restart");
            assertThat(child.stop()).as("exit code after SIGTERM\n%s", child.logs()).isZero();
            assertThat(Files.readString(child.out)).contains("orchard serve: stopping", "orchard serve: stopped");
        }
    }

    /**
     * A clean stop exits 0, as the admin guide says and systemd expects (the JVM's own answer to SIGTERM is
     * 143, to SIGINT 130): SIGTERM as {@code systemctl stop} sends it, SIGINT as Ctrl-C does. SIGINT is sent
     * through {@code env --default-signal=INT}, because a process started in the background inherits SIGINT
     * ignored and the JVM then leaves it ignored (as every program does).
     */
    @Test
    void sigtermAndSigintStopCleanlyWithExitZero() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            try (ChildServer child = ChildServer.prepare(dir.resolve("stop-" + signal))) {
                child.startVia(List.of("env", "--default-signal=INT"));
                assertThat(get(child.url("/readyz"), null).statusCode()).isEqualTo(200);
                int code = child.signal(signal);
                assertThat(code).as("exit code after SIG%s\n%s", signal, child.logs()).isZero();
                assertThat(Files.readString(child.out)).contains("orchard serve: stopping", "orchard serve: stopped");
                assertThat(Files.readString(child.err)).contains("Orchard stopped");
            }
        }
    }

    /**
     * A configuration error ends serve with exit 1 before it binds anything: its three ports are held by this
     * test, so a bind attempt would end in exit 3 ("already in use") instead.
     */
    @Test
    void aBrokenConfigurationExitsOneBeforeBindingAnything() throws Exception {
        ChildServer child = ChildServer.prepare(dir.resolve("broken"));
        Path policies = child.config.resolveSibling("conf.d/policies.yaml");
        Files.writeString(policies, Files.readString(policies).replace("nbi: Orchard Restore", "nbi: Orchard Resotre"));
        try (DatagramSocket bsdp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                child.bsdpPort));
             DatagramSocket tftp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     child.tftpPort));
             java.net.ServerSocket http = new java.net.ServerSocket(child.httpPort, 1, InetAddress.getLoopbackAddress())) {
            Proc.Result r = Proc.run(Duration.ofSeconds(60), ChildServer.java(), "-jar", ChildServer.JAR.toString(),
                    "serve", "--config", child.config.toString(), "--unprivileged");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ServiceExit.FAILED);
            assertThat(r.stderr()).contains("nbi 'Orchard Resotre' is not in the NBI catalog")
                    .contains("(did you mean 'Orchard Restore'?)").contains("nothing was started")
                    .doesNotContain("cannot listen");
            assertThat(r.stdout()).doesNotContain("ready");
        }
    }

    private void servesAllThree(ChildServer child) throws Exception {
        try (BsdpClient bsdp = BsdpClient.open(BsdpClientConfig.unicast(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", child.bsdpPort)).withTimeout(Duration.ofSeconds(5), 5))) {
            SelectAck ack = bsdp.boot(ServeFixture.mac("02:00:0b:00:01:01", ServeFixture.RESTORE_MODEL))
                    .get(60, TimeUnit.SECONDS);
            assertThat(ack.failed()).isFalse();
            try (TftpClient tftp = new TftpClient()) {
                TransferSink.DigestSink booter = TransferSink.digest();
                tftp.fetchAndWait(FetchRequest.of(new InetSocketAddress("127.0.0.1", child.tftpPort), ack.bootFile(),
                        booter), 30, TimeUnit.SECONDS);
                assertThat(booter.sha256()).isEqualTo(Hashes.sha256(
                        child.config.resolveSibling("nbi/Orchard Restore.nbi/i386/booter")));
            }
        }
        assertThat(get(child.url("/readyz"), null).statusCode()).isEqualTo(200);
        assertThat(Files.readString(child.out)).contains("metrics:   http://127.0.0.1:" + child.httpPort + "/metrics");
    }

    private void waitForReloads(ChildServer child) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sample(get(child.url("/metrics"), null).body(), "orchard_config_reloads_total{result=\"unchanged\"}") < 1) {
            assertThat(System.nanoTime()).as("SIGHUP reload counted").isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** Several threads post events until SIGKILL; returns every (mac → seq) that got a 202. */
    private Map<String, Set<Long>> burstThenKill(ChildServer child, Map<String, String> tokens) throws Exception {
        Map<String, Set<Long>> acked = new ConcurrentHashMap<>();
        AtomicInteger count = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> macs = new ArrayList<>(tokens.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            List<String> mine = macs.subList(t * MACS / THREADS, (t + 1) * MACS / THREADS);
            pool.execute(() -> {
                for (int seq = 0; seq < MAX_EVENTS_PER_MAC && !stop.get(); seq++) {
                    for (String mac : mine) {
                        try {
                            String body = ServeFixture.event(seq, null, "restore", "progress", (long) seq, 1000L);
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(child.url(
                                    "/api/v1/machines/" + mac + "/events"))).timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + tokens.get(mac))
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                acked.computeIfAbsent(mac, k -> ConcurrentHashMap.newKeySet()).add((long) seq);
                                count.incrementAndGet();
                            }
                        } catch (IOException | InterruptedException e) {
                            return; // the server is gone
                        }
                    }
                }
            });
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count.get() < 400 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        child.kill(); // SIGKILL while the threads are still posting
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        return acked;
    }

    /** The plan, asked with an enrollment code from the admin API (no netboot happened) and a claim. */
    private JsonNode plan(ChildServer child, String mac) throws Exception {
        return child.plan(http, mac, "C02JAR");
    }

    private HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPortInUseExitsThreeWithAnExplanation() throws Exception {
        ChildServer child = ChildServer.prepare(dir.resolve("busy"));
        try (DatagramSocket busy = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                child.bsdpPort))) {
            Proc.Result r = Proc.run(Duration.ofSeconds(60), ChildServer.java(), "-jar", ChildServer.JAR.toString(),
                    "serve", "--config", child.config.toString(), "--unprivileged");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ServiceExit.CANNOT_START);
            assertThat(r.stderr()).contains("BSDP cannot listen on 127.0.0.1:" + child.bsdpPort
                    + ": the port is already in use").contains("nothing was left running");
        }
    }

    /**
     * Ports 67, 69 and 80 without root or CAP_NET_BIND_SERVICE: validate and serve (as user nobody) both say
     * so, with the same lines, and serve binds nothing (exit 1, not the bind failure's 3).
     */
    @Test
    void privilegedPortsWithoutPrivilegeAreExplainedByValidateAndServeAlike() throws Exception {
        Peers.requireRoot("switching to an unprivileged user");
        Path setpriv = Peers.require("setpriv");
        Path shared = Files.createDirectories(Path.of("/tmp", "orchard-serve-" + ProcessHandle.current().pid()));
        try {
            Path config = dev.orchard.ops.init.SampleSetup.write(shared.resolve("lab"), false,
                    dev.orchard.http.manifest.ManifestProgress.NONE);
            Proc.check(Duration.ofSeconds(30), "chown", "-R", "65534:65534", shared.toString());
            List<String> asNobody = List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                    ChildServer.java(), "-jar", ChildServer.JAR.toString());
            Proc.Result validate = Proc.run(Duration.ofSeconds(120), concat(asNobody, "validate", "--config",
                    config.toString()));
            Proc.Result serve = Proc.run(Duration.ofSeconds(120), concat(asNobody, "serve", "--config",
                    config.toString()));
            assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(ServiceExit.FAILED);
            assertThat(serve.exitCode()).as(serve.toString()).isEqualTo(ServiceExit.FAILED);
            assertThat(validate.stdout()).contains("BSDP on port 67 needs root or CAP_NET_BIND_SERVICE, and this"
                    + " process (user nobody, uid 65534) has neither").contains("TFTP on port 69 needs root")
                    .contains("HTTP on port 80 needs root").contains("--unprivileged");
            assertThat(problemLines(serve.stderr())).isEqualTo(problemLines(validate.stdout())).hasSize(3);
        } finally {
            Proc.run(Duration.ofSeconds(30), "rm", "-rf", shared.toString());
        }
    }

    private static List<String> concat(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all;
    }

    private static List<String> problemLines(String output) {
        return output.lines().filter(l -> l.contains(": error: ") || l.contains(": warning: ")).toList();
    }
}
