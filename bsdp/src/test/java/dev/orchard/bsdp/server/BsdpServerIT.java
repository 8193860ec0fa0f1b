package dev.orchard.bsdp.server;

import dev.orchard.bsdp.catalog.NbiFixture;
import dev.orchard.bsdp.client.BsdpClient;
import dev.orchard.bsdp.client.BsdpClientConfig;
import dev.orchard.bsdp.client.ListOffer;
import dev.orchard.bsdp.client.SelectAck;
import dev.orchard.bsdp.client.SimulatedMac;
import dev.orchard.bsdp.codec.BootImage;
import dev.orchard.bsdp.codec.BootImageId;
import dev.orchard.bsdp.codec.Ipv4;
import dev.orchard.bsdp.codec.MacAddress;
import dev.orchard.bsdp.spi.BsdpMetrics;
import dev.orchard.bsdp.spi.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;


/** The real server and the real client over loopback UDP. */
class BsdpServerIT {

    @TempDir
    Path nbi;

    private static SimulatedMac mac(int n) {
        return SimulatedMac.intel(new MacAddress(0x001EC2000000L + n), Ipv4.parse("127.0.0.1"), "iMac18," + (n % 3 + 1));
    }

    @Test
    void aMacListsSelectsAndIsBoundForTheNextBoot() throws Exception {
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).name("Lab").write();
        NbiFixture.bundle(nbi, "Other.nbi").index(2).name("Other").write();
        try (LoopbackServer s = new LoopbackServer(nbi); BsdpClient client = s.client()) {
            SimulatedMac m = mac(1);
            List<ListOffer> offers = client.list(m).get(10, TimeUnit.SECONDS);
            assertThat(offers).singleElement().satisfies(o -> {
                assertThat(o.server()).isEqualTo(Ipv4.parse("127.0.0.1"));
                assertThat(o.images()).extracting(BootImage::name).containsExactly("Lab", "Other");
                assertThat(o.selected()).isEmpty();
            });
            SelectAck ack = client.select(m, offers.get(0), new BootImageId(0x81000002)).get(10, TimeUnit.SECONDS);
            assertThat(ack.failed()).isFalse();
            assertThat(ack.bootFile()).isEqualTo("Other.nbi/i386/booter");
            assertThat(ack.bsdp().machineName()).contains("NetBoot001");
            // unattended reboot: the binding (sub-option 8) wins over the default
            SelectAck again = client.boot(m).get(10, TimeUnit.SECONDS);
            assertThat(again.bsdp().selectedImage()).contains(new BootImageId(0x81000002));
            // replies are counted when their write completes, possibly just after the client saw them
            Eventually.await(Duration.ofSeconds(5), () -> s.metrics.replies(BsdpMetrics.ReplyType.ACK_LIST) == 2
                    && s.metrics.replies(BsdpMetrics.ReplyType.ACK_SELECT) == 2, "replies counted: " + s.metrics);
        }
    }

    @Test
    void twoHundredMacsAtOnceOverOneSocket() throws Exception {
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).write();
        try (LoopbackServer s = new LoopbackServer(nbi); BsdpClient client = s.client()) {
            List<CompletableFuture<SelectAck>> boots = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boots.add(client.boot(mac(i)));
            }
            CompletableFuture.allOf(boots.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(boots).allSatisfy(f -> assertThat(f.join().failed()).isFalse());
            assertThat(boots.stream().map(f -> f.join().bsdp().machineName().orElseThrow()).distinct()).hasSize(200);
            assertThat(s.bindings.size()).isEqualTo(200);
        }
    }

    @Test
    void answeringOnTheEventLoopForNonBlockingPolicies() throws Exception {
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).write();
        try (LoopbackServer s = new LoopbackServer(nbi, BsdpServerConfig.builder().answerOnEventLoop(true),
                new dev.orchard.bsdp.spi.CatalogBootPolicy()); BsdpClient client = s.client()) {
            List<CompletableFuture<SelectAck>> boots = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                boots.add(client.boot(mac(i)));
            }
            for (CompletableFuture<SelectAck> b : boots) {
                assertThat(b.get(30, TimeUnit.SECONDS).bootFile()).isEqualTo("Lab.nbi/i386/booter");
            }
        }
    }

    @Test
    void rescanWithoutRestart() throws Exception {
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).name("Lab").write();
        try (LoopbackServer s = new LoopbackServer(nbi); BsdpClient client = s.client()) {
            assertThat(client.list(mac(1)).get(10, TimeUnit.SECONDS).get(0).images()).hasSize(1);
            NbiFixture.bundle(nbi, "New.nbi").index(2).name("New").isDefault(true).write();
            Files.writeString(nbi.resolve("Lab.nbi/NBImageInfo.plist"), "not a plist");
            s.catalog.rescan();
            ListOffer offer = client.list(mac(1)).get(10, TimeUnit.SECONDS).get(0);
            assertThat(offer.images()).extracting(BootImage::name).containsExactly("New");
            assertThat(offer.defaultImage()).contains(new BootImageId(0x81000002));
        }
    }

    @Test
    void aSlowPolicyDoesNotBlockOtherMacs() throws Exception {
        NbiFixture.bundle(nbi, "Lab.nbi").index(1).write();
        dev.orchard.bsdp.spi.CatalogBootPolicy catalogPolicy = new dev.orchard.bsdp.spi.CatalogBootPolicy();
        try (LoopbackServer s = new LoopbackServer(nbi, BsdpServerConfig.builder().workerThreads(4), (client, catalog) -> {
            if (client.mac().equals(mac(0).mac())) {
                try {
                    Thread.sleep(8000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return catalogPolicy.offer(client, catalog);
        }); BsdpClient client = BsdpClient.open(BsdpClientConfig.unicast(new java.net.InetSocketAddress("127.0.0.1", 0),
                s.address()).withTimeout(Duration.ofSeconds(20), 1))) {
            CompletableFuture<List<ListOffer>> slow = client.list(mac(0));
            for (int i = 1; i <= 20; i++) {
                client.list(mac(i)).get(20, TimeUnit.SECONDS);
            }
            assertThat(slow.isDone()).as("20 Macs answered while the slow policy call was still running").isFalse();
            assertThat(slow.get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void silenceForAMacNoImageAppliesTo() throws Exception {
        NbiFixture.bundle(nbi, "iMacs.nbi").index(1).models("iMac18,1").write();
        try (LoopbackServer s = new LoopbackServer(nbi); BsdpClient client = s.client()) {
            SimulatedMac macbook = SimulatedMac.intel(MacAddress.parse("00:1e:c2:00:00:09"), Ipv4.parse("127.0.0.1"),
                    "MacBookPro11,2");
            var replies = client.collect(dev.orchard.bsdp.codec.BsdpInforms.list(client.nextXid(),
                    new dev.orchard.bsdp.codec.BsdpInforms.ClientIdentity(macbook.mac(), macbook.ciaddr(), "i386",
                            macbook.model()), client.replyPort(), List.of()), Duration.ofMillis(700)).get(5, TimeUnit.SECONDS);
            assertThat(replies).isEmpty();
            Eventually.await(Duration.ofSeconds(5), () -> s.metrics.drops(DropReason.NO_IMAGE) == 1, "NO_IMAGE counted");
        }
    }
}
