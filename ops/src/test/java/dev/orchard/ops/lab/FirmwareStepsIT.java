package dev.orchard.ops.lab;

import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.bsdp.spi.CatalogBootPolicy;
import dev.orchard.ops.config.ConfigSnapshot;
import dev.orchard.tftp.client.TftpClient;
import dev.orchard.testkit.LeakCheckExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lab's firmware half (BSDP, TFTP, root-image reads) against Orchard's real protocol servers on
 * loopback: every simulated Mac gets what its policy says, byte for byte; and every check fails when the
 * server gives something else (another default, an answer where the policy says silence, a changed
 * kernelcache, a changed byte of the root image).
 */
@ExtendWith(LeakCheckExtension.class)
class FirmwareStepsIT {

    @TempDir
    static Path dir;
    static LabFixture fixture;
    static ConfigSnapshot snapshot;
    static NbiFiles nbis;
    static TftpClient tftpClient;

    @BeforeAll
    static void setUp() {
        fixture = LabFixture.write(dir.resolve("lab"), 1 << 20, 10067, 10069, 10080);
        snapshot = fixture.snapshot();
        nbis = NbiFiles.scan(snapshot.config().images().nbiFolders());
        tftpClient = new TftpClient(1);
    }

    @AfterAll
    static void tearDown() {
        tftpClient.close();
    }

    @Test
    void everyMacGetsWhatItsPolicySaysByteForByte() throws Exception {
        List<LabMachine> macs = Population.generate(snapshot, 14, 42, PopulationTest.LOOPBACK);
        Path nbi = fixture.nbiFolder();
        try (ProtocolServers servers = new ProtocolServers(nbi, ProtocolServers.fromPolicy(snapshot), nbi, nbi);
             BsdpClient client = client(servers)) {
            BsdpStep bsdp = new BsdpStep(client, nbis, Duration.ofMillis(700), 2);
            TftpStep tftp = new TftpStep(tftpClient, servers.tftpPort(), 0, new ComparingSink.Files());
            RootImageStep root = new RootImageStep(1 << 20, 64 << 10, 1, Duration.ofSeconds(10));
            int silent = 0;
            int booted = 0;
            for (LabMachine mac : macs) {
                Expectation e = Expectation.of(snapshot, nbis, mac, "127.0.0.1");
                Optional<BsdpStep.Booted> b = bsdp.run(mac, e);
                assertThat(b.isPresent()).as("%s netboots", mac.label()).isEqualTo(e.netboots());
                if (b.isEmpty()) {
                    silent++;
                    continue;
                }
                booted++;
                assertThat(NbiFiles.isCalled(b.get().image(), e.defaultNbi())).isTrue();
                assertThat(b.get().ack().bootFile()).isEqualTo(b.get().image().bundleName() + "/i386/booter");
                AtomicLong progress = new AtomicLong();
                long tftpBytes = tftp.run(b.get(), progress::addAndGet);
                assertThat(tftpBytes).isEqualTo(300_007 + 2_000_003).isEqualTo(progress.get());
                AtomicLong rootProgress = new AtomicLong();
                long rootBytes = root.run(mac, b.get(), rootProgress::addAndGet);
                // 16 blocks of 64 KiB: 8 from the start, 8 scattered (one may be the 17-byte tail)
                assertThat(rootBytes).isEqualTo(rootProgress.get()).isBetween(15L * 65536 + 17, 16L * 65536);
            }
            assertThat(silent).as("Macs the policy leaves alone").isPositive();
            assertThat(booted).isPositive();
            assertThat(client.strayReplies()).isZero();
        }
    }

    @Test
    void aServerThatAnswersAMacThePolicyLeavesAloneIsCaught() throws Exception {
        Path nbi = fixture.nbiFolder();
        LabMachine stranger = Population.generate(snapshot, 6, 42, PopulationTest.LOOPBACK).stream()
                .filter(m -> !Expectation.of(snapshot, nbis, m, "127.0.0.1").netboots()).findFirst().orElseThrow();
        try (ProtocolServers servers = new ProtocolServers(nbi, new CatalogBootPolicy(), nbi, nbi);
             BsdpClient client = client(servers)) {
            BsdpStep bsdp = new BsdpStep(client, nbis, Duration.ofMillis(700), 2);
            assertThatThrownBy(() -> bsdp.run(stranger, Expectation.of(snapshot, nbis, stranger, "127.0.0.1")))
                    .isInstanceOf(LabFailure.class).hasMessageContaining("offers this Mac no NBI");
            LabMachine imac = new LabMachine(90, dev.orchard.ops.config.MacAddress.parse("00:1b:63:12:34:56"),
                    "C02IMAC00001", "iMac19,1", PopulationTest.LOOPBACK.apply(90), null);
            // the catalog's own default is its first image (Install.nbi, by folder order); the policy's is Restore
            assertThatThrownBy(() -> bsdp.run(imac, Expectation.of(snapshot, nbis, imac, "127.0.0.1")))
                    .isInstanceOf(LabFailure.class)
                    .hasMessageContaining("default image is '" + LabFixture.INSTALL_NBI + "', the policy's is '"
                            + LabFixture.RESTORE_NBI + "'");
        }
    }

    @Test
    void aChangedKernelcacheOrRootImageByteIsCaught() throws Exception {
        Path nbi = fixture.nbiFolder();
        Path altered = copy(nbi, dir.resolve("altered"));
        flipByte(altered.resolve("Restore.nbi/i386/x86_64/kernelcache"), 1_000_000);
        flipByte(altered.resolve("Restore.nbi/NetInstall.dmg"), 123_457);
        LabMachine imac = new LabMachine(91, dev.orchard.ops.config.MacAddress.parse("00:1b:63:12:34:57"),
                "C02IMAC00002", "iMac18,3", PopulationTest.LOOPBACK.apply(91), null);
        Expectation e = Expectation.of(snapshot, nbis, imac, "127.0.0.1");
        try (ProtocolServers servers = new ProtocolServers(nbi, ProtocolServers.fromPolicy(snapshot), altered, altered);
             BsdpClient client = client(servers)) {
            BsdpStep.Booted b = new BsdpStep(client, nbis, Duration.ofMillis(700), 2).run(imac, e).orElseThrow();
            TftpStep tftp = new TftpStep(tftpClient, servers.tftpPort(), 0, new ComparingSink.Files());
            assertThatThrownBy(() -> tftp.run(b, n -> { })).isInstanceOf(LabFailure.class)
                    .hasMessageContaining("kernelcache").hasMessageContaining("at byte 1000000");
            RootImageStep root = new RootImageStep(4 << 20, 64 << 10, 1, Duration.ofSeconds(10));
            assertThatThrownBy(() -> root.run(imac, b, n -> { })).isInstanceOf(LabFailure.class)
                    .hasMessageContaining("byte 123457 differs");
        }
    }

    @Test
    void rangedReadsShareOneKeptAliveConnectionFromTheMacsOwnAddress() throws Exception {
        Path nbi = fixture.nbiFolder();
        try (ProtocolServers servers = new ProtocolServers(nbi, ProtocolServers.fromPolicy(snapshot), nbi, nbi)) {
            java.net.URI url = java.net.URI.create("http://127.0.0.1:" + servers.http.address().getPort()
                    + "/NetBoot/NetBootSP0/Restore.nbi/NetInstall.dmg");
            byte[] got = new byte[4096];
            java.net.InetAddress own = java.net.InetAddress.getByName("127.77.3.4");
            try (KeepAliveRanges http = new KeepAliveRanges(url, own, Duration.ofSeconds(10))) {
                for (int i = 0; i < 20; i++) {
                    assertThat(http.read(i * 100_000L, 4096, got)).isEqualTo(3_145_728 + 17);
                }
                assertThat(http.connections()).isEqualTo(1);
            }
            assertThat(RootImageStep.ownAddress((java.net.Inet4Address) own)).isEqualTo(own);
            assertThat(RootImageStep.ownAddress((java.net.Inet4Address) java.net.InetAddress.getByName("192.0.2.9")))
                    .as("not an address of this host").isNull();
        }
    }

    @Test
    void rootReadsAreFirstInOrderThenScatteredAndStayInsideTheImage() {
        RootImageStep step = new RootImageStep(8 << 20, 1 << 20, 1, Duration.ofSeconds(1));
        List<Long> offsets = step.offsets(100L << 20, new java.util.Random(3));
        assertThat(offsets).hasSize(8);
        assertThat(offsets.subList(0, 4)).containsExactly(0L, 1L << 20, 2L << 20, 3L << 20);
        assertThat(offsets.subList(4, 8)).allMatch(o -> o % (1 << 20) == 0 && o < (100L << 20));
        assertThat(step.offsets(3 << 20, new java.util.Random(3))).containsExactly(0L, 1L << 20, 2L << 20);
    }

    private static BsdpClient client(ProtocolServers servers) throws InterruptedException {
        return BsdpClient.open(new BsdpClientConfig(new InetSocketAddress("0.0.0.0", 0), servers.bsdp.localAddress(),
                java.util.OptionalInt.empty(), Duration.ofMillis(700), 2, Duration.ZERO));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0xFF);
        }
    }
}
