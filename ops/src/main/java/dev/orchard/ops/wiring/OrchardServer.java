package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.server.BsdpServer;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.http.server.HttpImageServer;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.MetricsScrape;
import dev.orchard.ops.admission.AdmissionSettings;
import dev.orchard.ops.admission.AgentAdmission;
import dev.orchard.ops.admission.ProcNeighbourTable;
import dev.orchard.ops.config.OrchardConfig;
import dev.orchard.ops.journal.Journal;
import dev.orchard.ops.journal.JournalOptions;
import dev.orchard.ops.logging.AccessLogWriter;
import dev.orchard.ops.metrics.OrchardMetrics;
import dev.orchard.ops.page.JournalLabPagePort;
import dev.orchard.ops.page.LabFeed;
import dev.orchard.ops.reload.ConfigWatcher;
import dev.orchard.ops.reload.SnapshotHolder;
import dev.orchard.ops.webhooks.WebhookDispatcher;
import dev.orchard.tftp.server.TftpServer;
import dev.orchard.tftp.server.TftpServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * {@code orchard serve}: BSDP, TFTP and HTTP from one configuration, wired to the policies, the journal
 * and the metrics. Every request reads the snapshot current at that moment ({@link SnapshotHolder}), so a
 * reload (file watcher, SIGHUP, {@code POST /api/v1/admin/reload}) takes effect for the next request
 * while transfers in flight go on untouched.
 *
 * <pre>{@code
 * try (OrchardServer server = OrchardServer.start(ServeOptions.loopback(Path.of("lab/orchard.yaml")))) {
 *     InetSocketAddress bsdp = server.bsdpAddress(), tftp = server.tftpAddress(), http = server.httpAddress();
 *     ...
 * }
 * }</pre>
 *
 * {@link #close()} stops gracefully: BSDP stops answering, TFTP refuses new requests and lets running
 * transfers finish (up to {@link ServeOptions#drain()}), HTTP stops accepting and ends its responses, the
 * journal syncs and closes.
 */
public final class OrchardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrchardServer.class);

    private final ServeOptions options;
    private final OrchardMetrics metrics;
    private final SnapshotHolder holder;
    private final LiveCatalog catalog;
    private final Optional<String> adminToken;
    private final Optional<MdmCredentials> mdm;
    private final MdmEventSinkFactory mdmSinks;
    private final Listeners listeners;
    private final BackgroundTasks background = new BackgroundTasks();
    private final ServerUrls urls;
    private Journal journal;
    private AgentAdmission admission;
    private ImageLibrary images;
    private RunTracker runs;
    private BootFiles bootFiles;
    private JournalEventsPort events;
    private EraseWiring erase;
    private WebhookDispatcher webhooks;
    private EraseWebhooks eraseWebhooks;
    private LabFeed labFeed;
    private HttpImageServer http;
    private dev.orchard.http.spi.AccessLogSink accessLog = dev.orchard.http.spi.AccessLogSink.NONE;
    private TftpServer tftp;
    private BsdpServer bsdp;
    private NanoMdmGateway mdmGateway;
    private Optional<AgentPackageFiles> agentPackage = Optional.empty();
    private volatile boolean ready;
    private volatile boolean closed;

    private OrchardServer(ServeOptions options, OrchardMetrics metrics, SnapshotHolder holder, LiveCatalog catalog,
                          Optional<String> adminToken, Optional<MdmCredentials> mdm, MdmEventSinkFactory mdmSinks) {
        this.options = options;
        this.metrics = metrics;
        this.holder = holder;
        this.catalog = catalog;
        this.adminToken = adminToken;
        this.mdm = mdm;
        this.mdmSinks = mdmSinks;
        this.listeners = Listeners.of(holder.current().config().server(), options);
        this.urls = new ServerUrls(() -> http, () -> holder.current().config().server().advertiseAddress());
    }

    /**
     * Checks the configuration and this host ({@link StartupCheck}, the same check {@code orchard validate}
     * prints), then binds every listener and starts serving; on failure nothing stays open.
     */
    public static OrchardServer start(ServeOptions options) throws StartFailure {
        return start(options, MdmEventSinkFactory.ERASE_FLOW);
    }

    /**
     * As {@link #start(ServeOptions)}, with the MDM's events ({@code mdm:} configured) going to the sink
     * {@code mdmSinks} makes (docs/mdm.md).
     */
    public static OrchardServer start(ServeOptions options, MdmEventSinkFactory mdmSinks) throws StartFailure {
        StartupCheck.Verdict verdict = StartupCheck.run(options);
        if (!verdict.passed()) {
            throw StartFailure.configuration(verdict.problems());
        }
        verdict.problems().forEach(p -> LOG.warn("{}", p));
        StartupCheck.Ready ready = verdict.ready().get();
        OrchardMetrics metrics = new OrchardMetrics();
        LiveCatalog catalog = ready.catalog();
        // nbi: names are checked against the catalog at every reload too
        SnapshotHolder holder = new SnapshotHolder(options.config(), ready.snapshot(),
                () -> StartupCheck.loaderOptions(catalog), metrics.ops());
        OrchardServer server = new OrchardServer(options, metrics, holder, catalog, ready.adminToken(), ready.mdm(),
                mdmSinks);
        try {
            server.startServices();
            return server;
        } catch (StartFailure | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startServices() throws StartFailure {
        OrchardConfig c = holder.current().config();
        try {
            journal = Journal.open(c.journalFolder(), JournalOptions.DEFAULTS, metrics.ops(), options.clock());
        } catch (IOException e) {
            throw StartFailure.other("cannot open the journal in " + c.journalFolder() + ": " + e.getMessage(), e);
        }
        try {
            admission = new AgentAdmission(journal, ServerSecret.loadOrCreate(c.server().dataDir()),
                    AdmissionSettings.DEFAULTS, ProcNeighbourTable.ofThisHost(), metrics.admission(), options.clock());
            images = new ImageLibrary(c.blockFolder());
            bootFiles = BootFiles.of(c.images().nbiFolders(), c.server().tftp().prefix());
        } catch (IOException | IllegalArgumentException e) {
            throw StartFailure.other(e.getMessage(), e);
        }
        runs = new RunTracker(metrics.runs(), options.clock());
        runs.resume(journal.machines());
        try {
            agentPackage = AgentPackageFiles.prepare(c);
        } catch (IOException e) {
            throw StartFailure.other("erase.agent_package: cannot copy and hash " + c.erase().agentPackage() + ": "
                    + e.getMessage(), e);
        }
        erase = new EraseWiring(journal, holder::current, metrics.erase(),
                mac -> java.net.URI.create(urls.agentBase() + "/mdm/agent/" + mac + "/manifest.plist"),
                new AdmissionEnrollment(admission, urls::agentBase), options.clock());
        webhooks = Webhooks.start(c, options, metrics.webhooks());
        try {
            eraseWebhooks = EraseWebhooks.start(journal, erase.flow()::onJournaled, webhooks, Webhooks.folder(c));
        } catch (IOException e) {
            throw StartFailure.other("cannot note the erase stages offered to the webhooks in " + Webhooks.folder(c)
                    + ": " + e.getMessage(), e);
        }
        startHttp(c);
        try {
            tftp = TftpServer.start(TftpServerConfig.defaults().withBindAddress(listeners.tftp()), bootFiles,
                    metrics.tftp());
        } catch (IOException e) {
            throw StartFailure.isBind(e) ? StartFailure.bind("TFTP", listeners.tftp(), e)
                    : StartFailure.other("TFTP: " + e.getMessage(), e);
        }
        try {
            bsdp = BsdpServer.start(ServiceConfigs.bsdp(c.server(), listeners, http.address(), options.unprivileged()),
                    catalog, new TicketingBootPolicy(new PolicyBootPolicy(holder::current), admission),
                    new InMemoryBindingStore(), metrics.bsdp());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StartFailure.other("interrupted while starting BSDP", e);
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            throw StartFailure.isBind(e) ? StartFailure.bind("BSDP", listeners.bsdp(), e)
                    : StartFailure.other("BSDP: " + e.getMessage(), e);
        }
        background.start(holder, catalog, runs, images, options);
        erase.start(); // after the MDM gateway is connected and every listener is up
        ready = true;
        LOG.info("Orchard serving: BSDP {}, TFTP {}, HTTP {} ({} policies, {} NBI image(s))", bsdp.localAddress(),
                tftp.localAddress(), http.address(), c.policies().size(), catalog.get().images().size());
    }

    private void startHttp(OrchardConfig c) throws StartFailure {
        events = new JournalEventsPort(journal, runs, webhooks);
        ConfigMulticastPort multicast = new ConfigMulticastPort(() -> holder.current().config(),
                images.chunkSize(), metrics.multicast());
        HttpPorts ports = HttpPorts.standalone()
                .withPlan(new PolicyPlanPort(holder::current, new PlanAssembler(images, multicast), journal, runs, admission))
                .withEvents(events)
                .withTokens(admission)
                .withAdmin(new JournalAdminPort(journal, holder, catalog, images, admission, erase.trigger()))
                .withReadiness(() -> ready ? dev.orchard.http.spi.Readiness.READY
                        : new dev.orchard.http.spi.Readiness(false, closed ? "stopping" : "starting"))
                .withMetricsText(scrape())
                .withMetrics(metrics.http())
                .withMdmWebhook(mdmWebhook())
                .withMulticast(multicast)
                .withAgentManifests(mac -> agentPackage.map(p -> p.manifest(urls.agentBase()).xml()));
        labFeed = new LabFeed(journal);
        ports = ports.withLabPage(new JournalLabPagePort(journal, labFeed, holder, admission, images::manifests,
                this::listenerList).withErase(erase.trigger()));
        java.util.List<dev.orchard.http.files.Mount> mounts;
        try {
            mounts = new java.util.ArrayList<>(HttpMounts.of(c, catalog.get()));
            agentPackage.ifPresent(p -> mounts.add(dev.orchard.http.files.Mount.of(AgentPackageFiles.PREFIX, p.folder(),
                    dev.orchard.http.files.MountKind.PAYLOADS)));
        } catch (IOException e) {
            throw StartFailure.other("HTTP: cannot prepare the served folders: " + e.getMessage(), e);
        }
        try {
            accessLog = AccessLogWriter.open(c.logging().accessLog());
        } catch (IOException e) {
            throw StartFailure.other("cannot open the access log: " + e.getMessage(), e);
        }
        try {
            http = HttpImageServer.start(ServiceConfigs.http(c.server(), listeners, mounts, adminToken), ports,
                    accessLog);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw StartFailure.isBind(e) ? StartFailure.bind("HTTP", listeners.http(), e)
                    : StartFailure.other("HTTP: " + e.getMessage(), e);
        }
    }

    /** With {@code mdm:}, the gateway to NanoMDM and the webhook route feeding the sink; else the route is a 404. */
    private dev.orchard.http.spi.MdmWebhookPort mdmWebhook() {
        if (mdm.isEmpty()) {
            return dev.orchard.http.spi.MdmWebhookPort.NONE;
        }
        MdmCredentials c = mdm.get();
        mdmGateway = new NanoMdmGateway(new dev.orchard.mdm.client.NanoMdmClient(
                new dev.orchard.mdm.client.NanoMdmEndpoint(c.url(), c.apiKey(), c.timeout())), metrics.mdm());
        return new NanoMdmWebhook(new dev.orchard.mdm.webhook.WebhookSignature(c.webhookSecret()),
                mdmSinks.create(mdmGateway, this), metrics.mdm());
    }

    /** The bound listeners, for the lab page's server view. */
    private java.util.List<java.util.Map<String, Object>> listenerList() {
        java.util.List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
        if (bsdp != null) {
            out.add(java.util.Map.of("service", "BSDP (UDP)", "address", bsdp.localAddress().toString()));
        }
        if (tftp != null) {
            out.add(java.util.Map.of("service", "TFTP (UDP)", "address", tftp.localAddress().toString()));
        }
        if (http != null) {
            out.add(java.util.Map.of("service", "HTTP", "address", http.address().toString()));
            http.tlsAddress().ifPresent(a -> out.add(java.util.Map.of("service", "HTTPS", "address", a.toString())));
        }
        return out;
    }

    private MetricsScrape scrape() {
        return () -> holder.current().config().metrics().enabled() ? metrics.scrape() : "";
    }

    public InetSocketAddress bsdpAddress() {
        return bsdp.localAddress();
    }

    public InetSocketAddress tftpAddress() {
        return tftp.localAddress();
    }

    public InetSocketAddress httpAddress() {
        return http.address();
    }

    /**
     * {@code http://host:port} of the plain HTTP listener (the agent's {@code --server}); for a wildcard
     * listener the advertise address, else 127.0.0.1.
     */
    public String httpUrl() {
        return urls.plain();
    }

    /**
     * {@code https://host:port} of the HTTPS listener when {@code server.http.tls} is set (host as in
     * {@link #httpUrl()}), else empty.
     */
    public Optional<String> httpsUrl() {
        return urls.tls();
    }

    public SnapshotHolder holder() {
        return holder;
    }

    public Journal journal() {
        return journal;
    }

    public OrchardMetrics metrics() {
        return metrics;
    }

    public LiveCatalog catalog() {
        return catalog;
    }

    public ImageLibrary images() {
        return images;
    }

    /** The admin API's bearer token, when {@code admin_token} is configured. */
    public Optional<String> adminToken() {
        return adminToken;
    }

    /** The gateway to the configured MDM (NanoMDM), when {@code mdm:} is configured. */
    public Optional<dev.orchard.ops.mdm.MdmGateway> mdmGateway() {
        return Optional.ofNullable(mdmGateway);
    }

    /** TFTP transfers running now. */
    public int activeTftpTransfers() {
        return tftp == null ? 0 : tftp.activeTransfers();
    }

    RunTracker runs() {
        return runs;
    }

    /** The MDM erase flow: its webhook sink and the gateway it drives (docs/mdm.md). */
    public EraseWiring erase() {
        return erase;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        background.stop();
        quietly("BSDP", bsdp);
        if (tftp != null) {
            bootFiles.drain();
            long end = System.nanoTime() + options.drain().toNanos();
            while (tftp.activeTransfers() > 0 && System.nanoTime() < end) {
                sleep();
            }
            quietly("TFTP", tftp);
        }
        quietly("HTTP", http);
        if (accessLog instanceof AutoCloseable log) {
            quietly("access log", log);
        }
        quietly("event followers", events);
        quietly("erase flow", erase);
        quietly("erase webhooks", eraseWebhooks);
        quietly("webhooks", webhooks);
        quietly("lab page feed", labFeed);
        quietly("journal", journal);
        LOG.info("Orchard stopped");
    }

    static void quietly(String what, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", what, e.toString());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
