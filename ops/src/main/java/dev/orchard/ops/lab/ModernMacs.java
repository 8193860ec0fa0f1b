package dev.orchard.ops.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.mdmsim.NanoMdmStub;
import dev.orchard.mdmsim.QueuedCommand;
import dev.orchard.mdmsim.Reaction;
import dev.orchard.mdmsim.SimulatedMac;
import dev.orchard.ops.config.MdmSettings;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.config.SecretSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The MDM side of a lab's modern Macs (docs/lab.md, "Modern Macs"): the NanoMDM simulator ({@code mdm-sim}) on the
 * loopback port the server's {@code mdm.url} names, with the API key and webhook key the configuration points at
 * (read from their files or variables as the server reads them), posting its webhooks to the server's
 * {@code /api/v1/mdm/webhook}. Each modern Mac is enrolled at the simulator, checks in once so the server links
 * its UDID to its inventory row, gets its fault, and has its erase asked for through the admin API. The simulated
 * Macs then play the device side by themselves (answer, wipe, enroll again); this class hands each its
 * {@code InstallEnterpriseApplication} manifest URL when it acknowledges one.
 */
final class ModernMacs implements AutoCloseable {

    /** How long setup (check-ins linked) and each wait for the flow may take at most. */
    private static final Duration SETUP = Duration.ofSeconds(30);

    private final NanoMdmStub stub;
    private final LabAdmin admin;
    private final HttpClient https;
    private final OrchardConfig config;
    private final Map<Integer, SimulatedMac> macs = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<URI>> manifests = new ConcurrentHashMap<>();
    /** Each simulated Mac's disk, where the profiles the MDM installs keep their managed preferences. */
    private final Path disks;
    /** Brings the MDM's API back after {@link MdmChaos#mdmDown()}; stopped first at close (or it would listen again). */
    private volatile Thread mdmUp;

    private ModernMacs(NanoMdmStub stub, LabAdmin admin, HttpClient https, OrchardConfig config) {
        this.stub = stub;
        this.admin = admin;
        this.https = https;
        this.config = config;
        try {
            this.disks = Files.createTempDirectory("orchard-lab-mdm-macs");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        stub.onAnswer((mac, command, status) -> {
            if (command.requestType().equals("InstallEnterpriseApplication") && status.equals("Acknowledged")) {
                manifests.computeIfAbsent(mac.udid(), u -> new CompletableFuture<>())
                        .complete(URI.create(String.valueOf(command.fields().get("ManifestURL"))));
            }
        });
    }

    /** Starts the simulator where the configuration's {@code mdm.url} says NanoMDM is. */
    static ModernMacs start(OrchardConfig config, URI server, String adminToken) throws IOException {
        MdmSettings mdm = config.mdm();
        if (mdm == null) {
            throw new IllegalStateException("the configuration has no mdm: section: the lab cannot simulate modern Macs");
        }
        URI url = mdm.url();
        if (!"http".equals(url.getScheme()) || !java.net.InetAddress.getByName(url.getHost()).isLoopbackAddress()
                || url.getPort() <= 0) {
            throw new IllegalStateException("mdm.url is " + url + ": the lab's NanoMDM simulator runs on this host,"
                    + " so it must be http://127.0.0.1:PORT/ (docs/lab.md, \"Modern Macs\")");
        }
        String apiKey = secret(mdm.apiKey(), "the NanoMDM API key");
        String hmac = secret(mdm.webhookSecret(), "the NanoMDM webhook key");
        NanoMdmStub stub = NanoMdmStub.start(apiKey, url.getPort());
        stub.webhook(server.resolve("/api/v1/mdm/webhook"), hmac);
        return new ModernMacs(stub, new LabAdmin(server, adminToken), trusting(config), config);
    }

    /**
     * Enrolls the Macs at the simulator with their faults, lets each check in once (Authenticate, TokenUpdate: the
     * server learns its UDID), then asks for their erase — the MDM's API down from then on for
     * {@code chaos.mdmDown()}.
     */
    void prepare(List<LabMachine> modern, List<MdmFault> faults, MdmChaos chaos)
            throws IOException, InterruptedException {
        for (int i = 0; i < modern.size(); i++) {
            LabMachine m = modern.get(i);
            SimulatedMac mac = stub.enroll(udid(m), m.serial(), m.model(), Population.appleSilicon(m.model()))
                    .withSandbox(disks.resolve(udid(m)), install -> { }); // the lab starts the agent itself
            macs.put(m.index(), mac);
            switch (faults.get(i)) {
                case NEVER_BACK -> mac.answer("EraseDevice", Reaction.eraseAndStayAway());
                case LOST_WEBHOOK -> stub.loseNextWebhookOf(mac.udid(), "EraseDevice");
                case DUPLICATED_WEBHOOK -> stub.duplicateWebhooksOf(mac.udid());
                case NONE -> { }
            }
            mac.comeBack();
        }
        stub.awaitQuiet(SETUP);
        for (LabMachine m : modern) {
            awaitMdm(m, mdm -> udid(m).equals(mdm.path("udid").asText()), SETUP, "linked to UDID " + udid(m));
        }
        if (!chaos.mdmDown().isZero()) {
            stub.apiFault(NanoMdmStub.ApiFault.SERVICE_UNAVAILABLE);
            mdmUp = new Thread(() -> {
                try {
                    Thread.sleep(chaos.mdmDown().toMillis());
                    stub.apiFault(NanoMdmStub.ApiFault.NONE);
                } catch (InterruptedException | IOException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lab-mdm-down");
            mdmUp.setDaemon(true);
            mdmUp.start();
        }
        admin.erase(modern.stream().map(m -> m.mac().toString()).toList());
    }

    /**
     * The UDID a modern Mac is enrolled under, from its MAC: Apple silicon's {@code 00008112-…} form, a T2 Mac's
     * UUID form.
     */
    static String udid(LabMachine m) {
        if (Population.appleSilicon(m.model())) {
            return String.format(Locale.ROOT, "00008112-%016X", m.mac().value());
        }
        return java.util.UUID.nameUUIDFromBytes(m.mac().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .toString().toUpperCase(Locale.ROOT);
    }

    /** The manifest URL of the Mac's InstallEnterpriseApplication, once it acknowledged one. */
    CompletableFuture<URI> manifest(LabMachine m) {
        return manifests.computeIfAbsent(udid(m), u -> new CompletableFuture<>());
    }

    /** The RequestTypes the simulator queued for the Mac, in order (each enqueue it accepted). */
    List<String> commands(LabMachine m) {
        List<String> out = new ArrayList<>();
        for (QueuedCommand c : stub.enqueued(udid(m))) {
            out.add(c.requestType());
        }
        return out;
    }

    /** How many times the Mac wiped itself. */
    int erases(LabMachine m) {
        return macs.get(m.index()).erases();
    }

    /** Polls the Mac's {@code "mdm"} (machine API) until {@code done} says so; throws with the last state. */
    JsonNode awaitMdm(LabMachine m, Predicate<JsonNode> done, Duration timeout, String what)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode mdm = admin.mdm(m.mac().toString());
        while (mdm == null || !done.test(mdm)) {
            if (System.nanoTime() > end) {
                throw new IOException(m.label() + " never " + what + " within " + timeout.toSeconds() + " s; the server"
                        + " shows " + mdm);
            }
            Thread.sleep(100);
            mdm = admin.mdm(m.mac().toString());
        }
        return mdm;
    }

    LabAdmin admin() {
        return admin;
    }

    /** A client that trusts the server's own certificate ({@code server.http.tls.cert}), for the manifest URL. */
    HttpClient https() {
        return https;
    }

    OrchardConfig config() {
        return config;
    }

    @Override
    public void close() {
        Thread up = mdmUp;
        if (up != null) {
            up.interrupt();
            try {
                up.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stub.close();
        try {
            MacRun.deleteTree(disks);
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing the lab for
        }
    }

    /**
     * Where this Mac keeps the agent's managed preferences, written when the MDM's InstallProfile reaches it
     * (docs/mdm.md, "Letting the agent in").
     */
    Path agentPreferences(LabMachine m) {
        return macs.get(m.index()).managedPreferences("dev.orchard.agent");
    }

    private static String secret(SecretSource source, String what) {
        SecretSource.Reading r = source.read(System.getenv(), what, "drive the lab's MDM");
        return r.secret().orElseThrow(() -> new IllegalStateException(String.join("; ", r.errors())));
    }

    private static HttpClient trusting(OrchardConfig config) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (config.server().http().tls() == null) {
            return b.build(); // no HTTPS listener: the gateway refuses an http: ManifestURL, the flow says so
        }
        Path cert = config.server().http().tls().cert();
        try (InputStream in = Files.newInputStream(cert)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int n = 0;
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("orchard-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return b.sslContext(ssl).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot trust the server's certificate " + cert + ": " + e.getMessage(), e);
        }
    }
}
