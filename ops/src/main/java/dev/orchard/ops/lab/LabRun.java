package dev.orchard.ops.lab;

import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.tftp.client.TftpClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole lab: generates the Macs for the configuration, computes what each must end with, runs them
 * {@code concurrency} at a time through {@link MacRun}, and sums up.
 *
 * <pre>{@code
 * LabReport report = LabRun.prepare(snapshot, settings).run(new InProcessAgent(), listener);
 * }</pre>
 */
public final class LabRun {

    /** How long a Mac's root-image connection may stay silent. */
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final int TFTP_THREADS = 2;

    private final ConfigSnapshot snapshot;
    private final LabSettings settings;
    private final LabEndpoints endpoints;
    private final NbiFiles nbis;
    private final List<LabMachine> macs;
    private final List<Expectation> expectations;

    private LabRun(ConfigSnapshot snapshot, LabSettings settings, LabEndpoints endpoints) {
        this.snapshot = snapshot;
        this.settings = settings;
        OrchardConfig config = snapshot.config();
        this.endpoints = endpoints;
        this.nbis = NbiFiles.scan(config.images().nbiFolders());
        List<LabMachine> all = Population.generate(snapshot, settings.first() + settings.macs(), settings.seed(),
                endpoints.addresses(settings));
        this.macs = List.copyOf(all.subList(settings.first(), all.size()));
        this.expectations = macs.stream()
                .map(m -> Expectation.of(snapshot, nbis, m, endpoints.planAddress(m))).toList();
    }

    /** Generates the Macs and their expectations; nothing is sent yet. */
    public static LabRun prepare(ConfigSnapshot snapshot, LabSettings settings) {
        return new LabRun(snapshot, settings, LabEndpoints.of(snapshot.config().server(), settings));
    }

    /** The same against a server whose listeners are not the configured ones (ephemeral ports, in-process). */
    public static LabRun prepare(ConfigSnapshot snapshot, LabSettings settings, LabEndpoints endpoints) {
        return new LabRun(snapshot, settings, endpoints);
    }

    public List<LabMachine> macs() {
        return macs;
    }

    public List<Expectation> expectations() {
        return expectations;
    }

    public LabEndpoints endpoints() {
        return endpoints;
    }

    /** Runs every Mac; returns when all have finished. */
    public LabReport run(AgentRunner agent, LabListener listener) throws InterruptedException {
        BsdpClientConfig bsdpConfig = new BsdpClientConfig(endpoints.bsdpBind(), endpoints.bsdpServer(),
                OptionalInt.empty(), settings.bsdpTimeout(), settings.bsdpAttempts(), Duration.ZERO);
        FileDigests digests = new FileDigests();
        long started = System.nanoTime();
        List<MacResult> results = new ArrayList<>();
        long strays;
        long busy;
        try (BsdpClient bsdp = BsdpClient.open(bsdpConfig); TftpClient tftp = new TftpClient(TFTP_THREADS)) {
            TftpStep tftpStep = new TftpStep(tftp, endpoints.tftpPort(), settings.tftpWindow(), new ComparingSink.Files());
            MacRun.Parts parts = new MacRun.Parts(
                    new BsdpStep(bsdp, nbis, settings.bsdpTimeout(), settings.bsdpAttempts()), tftpStep,
                    new RootImageStep(settings.rootReadBytes(), settings.rangeBytes(), settings.seed(), HTTP_TIMEOUT),
                    agent, new EndStateCheck(snapshot.config(), digests, new ServedManifests(endpoints.agentBase())),
                    endpoints.agentBase(), settings.work(),
                    settings.discardTargets(), listener);
            MacRun run = new MacRun(parts);
            ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), daemonThreads());
            try {
                List<Future<MacResult>> futures = new ArrayList<>();
                for (int i = 0; i < macs.size(); i++) {
                    LabMachine mac = macs.get(i);
                    Expectation expected = expectations.get(i);
                    futures.add(pool.submit(() -> run.run(mac, expected)));
                }
                for (Future<MacResult> f : futures) {
                    results.add(f.get());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a simulated Mac crashed the lab", e.getCause());
            } finally {
                pool.shutdownNow();
            }
            strays = bsdp.strayReplies();
            busy = tftpStep.busyRetries();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        return new LabReport(settings, endpoints, results, LabSummary.of(results, wall, strays, busy));
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "lab-mac-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
