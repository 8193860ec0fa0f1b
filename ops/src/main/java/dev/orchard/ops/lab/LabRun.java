package dev.orchard.ops.lab;

import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.tftp.client.TftpClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
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
    private String adminToken;
    private WarpClock serverClock;

    private LabRun(ConfigSnapshot snapshot, LabSettings settings, LabEndpoints endpoints) {
        this.snapshot = snapshot;
        this.settings = settings;
        OrchardConfig config = snapshot.config();
        this.endpoints = endpoints;
        this.nbis = NbiFiles.scan(config.images().nbiFolders());
        List<LabMachine> all = Population.generate(snapshot, settings.first() + settings.macs(), settings.seed(),
                endpoints.addresses(settings));
        this.macs = List.copyOf(all.subList(settings.first(), all.size()));
        List<Expectation> expected = new ArrayList<>();
        int modern = 0;
        for (LabMachine m : macs) {
            Expectation e = Expectation.of(snapshot, nbis, m, endpoints.planAddress(m));
            if (e.action() == Action.ERASE && config.mdm() != null) {
                e = e.withMdmFault(settings.mdmChaos().faultOf(modern++)); // the faults go to the first modern Macs
            }
            expected.add(e);
        }
        this.expectations = List.copyOf(expected);
    }

    /**
     * True when the lab plays the MDM path of its {@code erase} Macs: the configuration has an {@code mdm:} section
     * (the lab starts the simulator where it points) and some Mac's policy says {@code erase}.
     */
    public boolean simulatesModernMacs() {
        return snapshot.config().mdm() != null && expectations.stream().anyMatch(e -> e.action() == Action.ERASE);
    }

    /**
     * What the modern Macs need of the server: the admin token (to ask for their erase and issue their agents'
     * enrollment codes) and, for an in-process server, its clock (null for a server elsewhere).
     */
    public LabRun withAdmin(String token, WarpClock clock) {
        this.adminToken = token;
        this.serverClock = clock;
        return this;
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
        List<LabMachine> modern = new ArrayList<>();
        List<MdmFault> faults = new ArrayList<>();
        for (int i = 0; i < macs.size(); i++) {
            if (simulatesModernMacs() && expectations.get(i).action() == Action.ERASE) {
                modern.add(macs.get(i));
                faults.add(expectations.get(i).mdmFault());
            }
        }
        // every Mac that finishes counts down, and so does every never-back Mac once it waits: then the server's
        // clock may jump past erase.reenroll_timeout without cutting another flow's timeout short
        CountDownLatch readyForWarp = new CountDownLatch(macs.size());
        try (BsdpClient bsdp = BsdpClient.open(bsdpConfig); TftpClient tftp = new TftpClient(TFTP_THREADS);
             ModernMacs mdm = modern.isEmpty() ? null : startModernMacs()) {
            TftpStep tftpStep = new TftpStep(tftp, endpoints.tftpPort(), settings.tftpWindow(), new ComparingSink.Files());
            EndStateCheck check = new EndStateCheck(snapshot.config(), digests, new ServedManifests(endpoints.agentBase()));
            MacRun.Parts parts = new MacRun.Parts(
                    new BsdpStep(bsdp, nbis, settings.bsdpTimeout(), settings.bsdpAttempts()), tftpStep,
                    new RootImageStep(settings.rootReadBytes(), settings.rangeBytes(), settings.seed(), HTTP_TIMEOUT),
                    agent, check, endpoints.agentBase(), settings.work(), settings.discardTargets(), listener,
                    mdm == null ? null : new ModernMacRun(mdm, agent, check, endpoints.agentBase(), serverClock,
                            readyForWarp, settings.mdmChaos().mdmDown()));
            if (mdm != null) {
                mdm.prepare(modern, faults, settings.mdmChaos());
            }
            MacRun run = new MacRun(parts);
            ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), daemonThreads());
            // modern Macs mostly wait for the MDM: they do not take the netbooting Macs' slots
            ExecutorService waiting = Executors.newFixedThreadPool(Math.max(1, modern.size()), daemonThreads());
            try {
                List<Future<MacResult>> futures = new ArrayList<>();
                for (int i = 0; i < macs.size(); i++) {
                    LabMachine mac = macs.get(i);
                    Expectation expected = expectations.get(i);
                    boolean neverBack = modern.contains(mac) && expected.mdmFault() == MdmFault.NEVER_BACK;
                    futures.add((modern.contains(mac) ? waiting : pool).submit(() -> {
                        try {
                            return run.run(mac, expected);
                        } finally {
                            if (!neverBack) {
                                readyForWarp.countDown();
                            }
                        }
                    }));
                }
                for (Future<MacResult> f : futures) {
                    results.add(f.get());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a simulated Mac crashed the lab", e.getCause());
            } finally {
                pool.shutdownNow();
                waiting.shutdownNow();
            }
            strays = bsdp.strayReplies();
            busy = tftpStep.busyRetries();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the lab's modern Macs could not be set up: " + e.getMessage(), e);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        return new LabReport(settings, endpoints, results, LabSummary.of(results, wall, strays, busy));
    }

    private ModernMacs startModernMacs() throws java.io.IOException {
        if (adminToken == null) {
            throw new IllegalStateException("the lab's modern Macs need the admin token: their erase is asked for"
                    + " through the admin API");
        }
        return ModernMacs.start(snapshot.config(), endpoints.agentBase(), adminToken);
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
