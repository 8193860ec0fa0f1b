package dev.orchard.ops.wiring;

import dev.orchard.bsdp.catalog.LiveCatalog;
import dev.orchard.bsdp.catalog.NbImage;
import dev.orchard.bsdp.catalog.NbiCatalog;
import dev.orchard.bsdp.catalog.NbiCatalogScanner;
import dev.orchard.bsdp.client.ListOffer;
import dev.orchard.bsdp.codec.BootImage;
import dev.orchard.bsdp.codec.BsdpInforms;
import dev.orchard.bsdp.codec.BsdpMessageType;
import dev.orchard.bsdp.codec.DhcpPacket;
import dev.orchard.bsdp.codec.DhcpPacketCodec;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.bsdp.server.BsdpServer;
import dev.orchard.bsdp.server.BsdpServerConfig;
import dev.orchard.bsdp.spi.BootClient;
import dev.orchard.bsdp.spi.BootOffer;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import dev.orchard.bsdp.spi.InMemoryBindingStore;
import dev.orchard.ops.config.Action;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.ops.config.load.ConfigLoader;
import dev.orchard.ops.policy.Decision;
import dev.orchard.ops.policy.ExplainText;
import dev.orchard.ops.policy.MachineIdentity;
import dev.orchard.ops.policy.Outcome;
import dev.orchard.ops.policy.PolicyEvaluator;
import dev.orchard.ops.wiring.RandomPolicies.Config;
import dev.orchard.ops.wiring.RandomPolicies.Machine;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BSDP answer always agrees with {@code orchard explain} (issue 11, item 4): for random policy lists,
 * inventories and Macs, {@link PolicyEvaluator#decide} without a serial — what {@code explain --mac --model
 * --ip} prints — says {@code none} or {@code erase} (or no rule) exactly when BSDP is silent, and otherwise BSDP offers
 * exactly the decision's NBI, alone (silence when that NBI is not in the catalog or cannot boot the Mac).
 * Checked twice: through {@link PolicyBootPolicy#offer} with a real catalog, and through a running BSDP
 * server on loopback, asked with the BSDP client codec (silence is known from the server's NO_IMAGE
 * counter, not from a timeout).
 */
class BsdpAgreesWithExplainProperties {

    /** The catalog's bundles an i386 Mac can boot ("Ppc Only" is there but cannot; one name is missing). */
    private static final List<String> BOOTABLE = List.of("Restore", "Install");

    private static Path dir;
    private static NbiCatalog catalog;
    private static BsdpServer server;
    private static DatagramSocket mac;
    private static final AtomicReference<ConfigSnapshot> current = new AtomicReference<>();
    private static final SilenceCounter metrics = new SilenceCounter();
    private static int xid;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("bsdp-explain");
        Path nbi = dir.resolve("nbi");
        TestNbis.bundle(nbi, "Restore", 10, "i386");
        TestNbis.bundle(nbi, "Install", 11, "i386");
        TestNbis.bundle(nbi, "Ppc Only", 12, "ppc");
        catalog = NbiCatalogScanner.standard().scan(List.of(nbi));
        assertThat(catalog.images()).hasSize(3);
        server = BsdpServer.start(BsdpServerConfig.builder().bindAddress(Ipv4.parse("127.0.0.1")).port(0)
                        .allowHighReplyPorts(true).build(),
                LiveCatalog.fixed(catalog), new PolicyBootPolicy(current::get), new InMemoryBindingStore(), metrics);
        // bound to every address: the server answers each Mac at its ciaddr, anywhere in 127/8
        mac = new DatagramSocket(new InetSocketAddress(0));
        mac.setSoTimeout(20);
    }

    @AfterContainer
    static void stop() {
        if (mac != null) {
            mac.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Provide
    Arbitrary<Config> configs() {
        return RandomPolicies.configs();
    }

    @Provide
    Arbitrary<List<Machine>> machines() {
        return RandomPolicies.machines().list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 400)
    void theBootPolicyOffersWhatExplainDecides(@ForAll("configs") Config config,
                                               @ForAll("machines") List<Machine> macs) throws IOException {
        ConfigSnapshot snapshot = load(config);
        PolicyBootPolicy policy = new PolicyBootPolicy(() -> snapshot);
        for (Machine m : macs) {
            BootClient client = new BootClient(MacAddress.parse(m.mac()), m.model(), "i386", Ipv4.parse(m.ip()),
                    Ipv4.ZERO, List.of(), BsdpMessageType.LIST);
            Optional<List<String>> offered = policy.offer(client, catalog)
                    .map(o -> o.images().stream().map(NbImage::name).toList());
            assertAgrees(snapshot, config, m, offered);
        }
        enoughOfEachCase();
    }

    // 240, not 80: with 80 a CI run saw no "nbi unbootable" Mac at all (2026-12-06, bbe972b), the rare cases
    // being ~1.6 % of answers; 3 s more on loopback
    @Property(tries = 240)
    void theRunningServerAnswersWhatExplainDecides(@ForAll("configs") Config config,
                                                   @ForAll("machines") List<Machine> macs) throws IOException {
        ConfigSnapshot snapshot = load(config);
        current.set(snapshot);
        for (Machine m : macs) {
            assertAgrees(snapshot, config, m, exchange(m));
        }
        enoughOfEachCase();
    }

    /** Not vacuous: Macs offered an image, silent ones, and decisions below a skipped undecided rule. */
    private static void enoughOfEachCase() {
        Statistics.label("answer").coverage(c -> {
            // each case present at all: percentage floors failed by chance in CI ("offered" at 2.2 %, the
            // rare cases at 1.6 % of 80 tries), which says nothing about the agreement asserted on every Mac
            c.check("offered").count(n -> n >= 1);
            c.check("none").count(n -> n >= 1);
            c.check("nbi unbootable").count(n -> n >= 1);
            c.check("erase").count(n -> n >= 1);
        });
        Statistics.label("undecided rules skipped").coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    /** explain without --serial: none or no rule ⇔ silence; otherwise the decision's NBI alone. */
    private static void assertAgrees(ConfigSnapshot snapshot, Config config, Machine m, Optional<List<String>> offered) {
        Decision d = PolicyEvaluator.decide(snapshot, MachineIdentity.parse(m.mac(), null, m.model(), m.ip()));
        String why = m + "\n" + ExplainText.render(d) + "\n" + config.yaml() + config.inventoryCsv();
        boolean bootable = d.action().netboots() && BOOTABLE.contains(d.nbi());
        Statistics.label("answer").collect(d.action() == Action.NONE ? "none" : d.action() == Action.ERASE ? "erase"
                : bootable ? "offered" : "nbi unbootable");
        Statistics.label("undecided rules skipped").collect(d.trace().stream()
                .anyMatch(e -> e.outcome() == Outcome.UNKNOWN));
        if (bootable) {
            assertThat(offered).as(why).contains(List.of(d.nbi()));
        } else {
            assertThat(offered).as(why).isEmpty();
        }
    }

    private static ConfigSnapshot load(Config config) throws IOException {
        Path main = dir.resolve("orchard.yaml");
        Files.writeString(dir.resolve("inv.csv"), config.inventoryCsv());
        Files.writeString(main, config.yaml());
        ConfigLoader.Result r = ConfigLoader.check(main, ConfigLoader.Options.DEFAULTS);
        Statistics.label("config").collect(r.snapshot().isPresent() ? "loaded" : "rejected");
        // rules an earlier one fully covers are rejected at load; such lists are not configurations
        Assume.that(r.snapshot().isPresent());
        return r.snapshot().get();
    }

    /** INFORM[LIST] to the running server: the image names of its ACK[LIST], or empty for silence. */
    private static Optional<List<String>> exchange(Machine m) throws IOException {
        long silentBefore = metrics.noImage.get();
        int id = ++xid;
        DhcpPacket list = BsdpInforms.list(id, new BsdpInforms.ClientIdentity(MacAddress.parse(m.mac()),
                Ipv4.parse(m.ip()), "i386", m.model()), OptionalInt.of(mac.getLocalPort()), List.of());
        byte[] out = DhcpPacketCodec.encode(list);
        mac.send(new DatagramPacket(out, out.length, server.localAddress()));
        long deadline = System.nanoTime() + 10_000_000_000L;
        byte[] buf = new byte[8192];
        while (System.nanoTime() < deadline) {
            assertThat(metrics.otherDrops.get()).as("dropped for another reason: %s", metrics.lastOther).isZero();
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                mac.receive(in);
            } catch (SocketTimeoutException e) {
                if (metrics.noImage.get() > silentBefore) {
                    return Optional.empty();
                }
                continue;
            }
            DhcpPacket reply = DhcpPacketCodec.decode(Arrays.copyOf(buf, in.getLength()));
            assertThat(reply.xid()).as("a reply to this request, never a late one").isEqualTo(id);
            return Optional.of(ListOffer.of(reply).images().stream().map(BootImage::name).toList());
        }
        throw new AssertionError("neither a reply nor a NO_IMAGE drop within 10 s for " + m);
    }

    /** Counts the server's silences: NO_IMAGE is the policy's "no netboot"; any other drop fails the test. */
    private static final class SilenceCounter implements BsdpMetrics {
        final AtomicLong noImage = new AtomicLong();
        final AtomicLong otherDrops = new AtomicLong();
        volatile DropReason lastOther;

        @Override
        public void requestReceived(RequestType type) {
        }

        @Override
        public void replySent(ReplyType type) {
        }

        @Override
        public void requestDropped(DropReason reason) {
            if (reason == DropReason.NO_IMAGE) {
                noImage.incrementAndGet();
            } else {
                lastOther = reason;
                otherDrops.incrementAndGet();
            }
        }

        @Override
        public void imageListTruncated() {
        }
    }
}
