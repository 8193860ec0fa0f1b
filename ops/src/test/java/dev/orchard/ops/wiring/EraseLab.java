package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.testkit.MutableClock;
import dev.orchard.testkit.Peers;
import dev.orchard.testkit.Proc;
import dev.orchard.mdmsim.NanoMdmStub;
import dev.orchard.mdmsim.QueuedCommand;
import dev.orchard.mdmsim.SimulatedMac;
import dev.orchard.mdmsim.WebhookDelivery;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real {@code orchard serve} (in-process, loopback) with {@code mdm:} pointing at the NanoMDM stub (mdm-sim),
 * whose webhook posts to the server's {@code /api/v1/mdm/webhook} with the HMAC key. The API is HTTPS only
 * ({@code server.http.tls}, a certificate made by openssl for 127.0.0.1): Apple's {@code ManifestURL} must be
 * {@code https:} (mdm/commands/application.install.enterprise.yaml), so without TLS the agent package could not be
 * sent. The server's clock is a {@link MutableClock}: timeouts and retry delays pass by {@link #advance}, then
 * {@link #tick} runs the flow's tick as the server's timer does every 5 s.
 */
final class EraseLab implements AutoCloseable {

    static final String API_KEY = "nanomdm-api-key-for-e2e-tests";
    static final String HMAC = "webhook-hmac-key-for-e2e-tests";
    static final String MODEL = "Mac14,2";
    static final int PACKAGE_SIZE = 10 * 1024 * 1024 + 1234;

    /** One simulated modern Mac: its inventory row and the UDID it is enrolled under at the MDM. */
    record LabMac(String mac, String serial, String udid, String group) {
    }

    final Path dir;
    final Path config;
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final NanoMdmStub stub;
    final HttpClient http;
    final Map<String, SimulatedMac> macs = new LinkedHashMap<>();
    /**
     * What happens when a Mac "installs" the agent's package (InstallEnterpriseApplication reached it): by default
     * nothing (the test plays the agent with {@link ErasedMacAgent}, reading the code the Mac's profile left);
     * {@code EraseEndToEndIT} starts the real agent there. Called on the stub's device thread.
     */
    volatile java.util.function.Consumer<SimulatedMac.AgentInstall> onAgentPackage = install -> {
    };
    OrchardServer server;

    private EraseLab(Path dir, Path config, NanoMdmStub stub, HttpClient http) {
        this.dir = dir;
        this.config = config;
        this.stub = stub;
        this.http = http;
    }

    /** Writes the setup for {@code lab} (one erase policy per group), starts the stub and the server. */
    static EraseLab start(Path dir, List<LabMac> lab) throws Exception {
        Path openssl = Peers.require("openssl");
        Proc.check(Duration.ofSeconds(60), openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        secret(dir.resolve("admin-token"), "admin-token-for-the-erase-e2e-tests");
        secret(dir.resolve("nanomdm-api-key"), API_KEY);
        secret(dir.resolve("nanomdm-webhook-key"), HMAC);
        Files.createDirectories(dir.resolve("data"));
        StringBuilder csv = new StringBuilder("mac,serial,name,group\n");
        StringBuilder policies = new StringBuilder("policies:\n");
        for (LabMac m : lab) {
            csv.append(m.mac()).append(',').append(m.serial()).append(",m-").append(m.serial()).append(',')
                    .append(m.group()).append('\n');
        }
        for (String group : lab.stream().map(LabMac::group).distinct().toList()) {
            policies.append("  - name: erase-").append(group).append("\n    match: {group: ").append(group)
                    .append("}\n    action: erase\n    workflow: after-erase\n");
        }
        Files.writeString(dir.resolve("modern.csv"), csv);
        Files.write(dir.resolve("orchard-agent.pkg"), agentPackage());
        SSLContext trusting = trusting(dir.resolve("cert.pem"));
        NanoMdmStub stub = stubTrusting(trusting);
        Path config = dir.resolve("orchard.yaml");
        Files.writeString(config, """
                server:
                  data_dir: data
                  http:
                    tls: {cert: cert.pem, key: key.pem}
                admin_token: {file: admin-token}
                inventory: [modern.csv]
                workflows:
                  - name: after-erase
                    steps:
                      - {type: computer_name, name: name, value: "lab-{serial}"}
                """ + policies + "mdm:\n  url: " + stub.baseUrl() + """

                  api_key: {file: nanomdm-api-key}
                  webhook_secret: {file: nanomdm-webhook-key}
                  timeout_seconds: 5
                erase:
                  confirm_above: 2
                  max_per_hour: 50
                  answer_timeout: 1m
                  reenroll_timeout: 10m
                  agent_timeout: 1m
                  agent_package: orchard-agent.pkg
                """);
        EraseLab l = new EraseLab(dir, config, stub, HttpClient.newBuilder().sslContext(trusting)
                .connectTimeout(Duration.ofSeconds(5)).build());
        l.startServer();
        for (LabMac m : lab) {
            l.macs.put(m.mac(), stub.enroll(m.udid(), m.serial(), MODEL, true)
                    .withSandbox(dir.resolve("mac-" + m.serial()), install -> l.onAgentPackage.accept(install)));
        }
        return l;
    }

    /** As {@link #start}, then every Mac checks in once, so that the MDM has named each (the flow's links). */
    static EraseLab startCheckedIn(Path dir, List<LabMac> lab) throws Exception {
        EraseLab l = start(dir, lab);
        try {
            for (LabMac m : lab) {
                l.checkIn(m);
            }
            return l;
        } catch (Exception | AssertionError e) {
            l.close();
            throw e;
        }
    }

    /** The Mac checks in (Authenticate with its serial, TokenUpdate): the MDM names it, the flow links it. */
    void checkIn(LabMac m) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int from = stub.webhooks().size();
            macs.get(m.mac()).comeBack();
            stub.awaitQuiet(Duration.ofSeconds(10));
            List<WebhookDelivery> sent = stub.webhooks();
            // setup only: a first TLS handshake on a loaded machine can outlast the stub's 2 s connect timeout
            if (sent.subList(from, sent.size()).stream().allMatch(WebhookDelivery::accepted)) {
                break;
            }
            if (attempt == 3) {
                throw new AssertionError("the check-in of " + m + " never reached the server: " + sent);
            }
        }
        if (!m.udid().equals(mdm(m).path("udid").asText())) {
            throw new AssertionError("the server did not link " + m + ": " + mdm(m));
        }
    }

    void startServer() throws Exception {
        server = OrchardServer.start(ServeOptions.loopback(config).withWatchFiles(false).withClock(clock));
        stub.webhook(URI.create(api() + "/api/v1/mdm/webhook"), HMAC);
        send("GET", "/healthz", null, null, Map.of()); // the HTTPS listener's first handshake, before the stub's
    }

    /** Stops the server as {@code orchard serve} stops, and starts a new one on the same data_dir. */
    void restart() throws Exception {
        server.close();
        startServer();
    }

    String api() {
        return server.httpsUrl().orElseThrow();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    void tick() throws Exception {
        server.erase().flow().tick();
    }

    HttpResponse<String> send(String method, String path, String bearer, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api() + path)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

/** {@code GET /v1/push/{udid}} on the stub, as NanoMDM's API is called with its key. */
    void push(String udid) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("nanomdm:" + API_KEY)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stub.baseUrl() + "v1/push/" + udid)).header("Authorization", "Basic " + basic)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("push " + udid + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** {@code POST /api/v1/admin/erase} with the admin token; the status is checked. */
    JsonNode erase(String body, int status) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/admin/erase", adminToken(), body, Map.of());
        if (r.statusCode() != status) {
            throw new AssertionError("erase " + body + ": " + r.statusCode() + " " + r.body());
        }
        return ServeFixture.JSON.readTree(r.body());
    }

    /** {@code "mdm"} of {@code GET /api/v1/machines/{mac}}: udid, eraseStage, reason, detail, since. */
    JsonNode mdm(LabMac m) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/machines/" + m.mac(), adminToken(), null, Map.of());
        if (r.statusCode() != 200) {
            throw new AssertionError("machine " + m.mac() + ": " + r.statusCode() + " " + r.body());
        }
        return ServeFixture.JSON.readTree(r.body()).get("mdm");
    }

    /** Waits (at most 10 s) until the machine API shows the Mac's flow at {@code stage}; returns its "mdm". */
    JsonNode awaitStage(LabMac m, String stage) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode mdm = mdm(m);
        while (!stage.equals(mdm.path("eraseStage").asText()) && System.nanoTime() < end) {
            Thread.sleep(20);
            mdm = mdm(m);
        }
        if (!stage.equals(mdm.path("eraseStage").asText())) {
            throw new AssertionError(m.mac() + " never reached " + stage + ": " + mdm);
        }
        stub.awaitQuiet(Duration.ofSeconds(10));
        return mdm;
    }

    /** The RequestTypes the stub queued for the Mac, in order (every enqueue it accepted, answered or not). */
    List<String> commands(LabMac m) {
        return stub.enqueued(m.udid()).stream().map(QueuedCommand::requestType).toList();
    }

    /** The agent's managed preferences on the simulated Mac, as its enrollment profile left them. */
    Path agentPreferences(LabMac m) {
        return macs.get(m.mac()).managedPreferences("dev.orchard.agent");
    }

    QueuedCommand command(LabMac m, String requestType) {
        return stub.enqueued(m.udid()).stream().filter(c -> c.requestType().equals(requestType)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + requestType + " for " + m));
    }

    double metric(String series) {
        return ServeFixture.sample(server.metrics().scrape(), series);
    }

    String adminToken() {
        return server.adminToken().orElseThrow();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        stub.close();
    }

    /**
     * The agent "package" the erased Macs are sent: a xar header (what the host check looks for) then fixed bytes,
     * {@value #PACKAGE_SIZE} in all: two manifest chunks, the second short.
     */
    static byte[] agentPackage() {
        byte[] b = new byte[PACKAGE_SIZE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 % 251);
        }
        System.arraycopy("xar!".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 4);
        return b;
    }

    private static NanoMdmStub stubTrusting(SSLContext trusting) throws Exception {
        // the stub's webhook client takes the JVM's default SSLContext when it is built: trust the test
        // certificate for that moment only
        SSLContext before = SSLContext.getDefault();
        SSLContext.setDefault(trusting);
        try {
            return NanoMdmStub.start(API_KEY);
        } finally {
            SSLContext.setDefault(before);
        }
    }

    /** Trusts the test certificate only (for clients of the HTTPS listener, the real agent's included). */
    static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("orchard", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private static void secret(Path file, String value) throws Exception {
        Files.writeString(file, value + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
