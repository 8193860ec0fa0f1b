package dev.orchard.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchard.agent.run.ExitStatus;
import dev.orchard.agent.testing.Agents;
import dev.orchard.agent.testing.EventBody;
import dev.orchard.agent.testing.LoopbackMulticast;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.Plans;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.http.spi.MulticastFallback;
import dev.orchard.testkit.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole agents restoring by multicast from Orchard's real HTTP server and sender, on loopback ({@code lo}): three
 * Macs at once get the image from one stream (HTTP carries almost nothing), each disk is hash-identical, each
 * reports its bytes by multicast and by repair; a Mac the server does not stream to falls back to HTTP alone
 * and says why.
 */
@Timeout(90)
class MulticastRestoreIT {

    static final int CHUNK = 1 << 20;
    static final long SIZE = 24L << 20;

    @TempDir
    static Path shared;
    static LoopbackMulticast multicast;
    static OrchardServer server;
    static ServedImage served;

    @BeforeAll
    static void serve() throws Exception {
        int port;
        try (var probe = new java.net.DatagramSocket()) {
            port = probe.getLocalPort();
        }
        multicast = new LoopbackMulticast("239.255.43.9", port, 400_000_000L, CHUNK);
        server = new OrchardServer(CHUNK, images -> multicast.servingFrom(images));
        served = server.addImage("lab-base.img", Hashes.randomFile(shared.resolve("lab-base.img"), SIZE, 11), CHUNK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ObjectNode plan(String mac) {
        ObjectNode plan = Plans.restore(mac, served, "block");
        ObjectNode m = ((ObjectNode) plan.get("restore")).putObject("multicast");
        m.put("group", multicast.settings.group().getHostAddress());
        m.put("port", multicast.settings.port());
        m.put("sha256", served.sha256());
        m.put("join", "/api/v1/multicast/join");
        m.put("report", "/api/v1/multicast/report");
        return plan;
    }

    @Test
    void threeMacsRestoreFromOneStream(@TempDir Path work) throws Exception {
        multicast.offered = true;
        multicast.reports.clear();
        server.resetCounters();
        List<String> macs = List.of("00:1b:63:84:46:01", "00:1b:63:84:46:02", "00:1b:63:84:46:03");
        macs.forEach(mac -> server.plan(mac, plan(mac)));
        ExecutorService pool = Executors.newFixedThreadPool(macs.size());
        List<Future<AgentResult>> results = new ArrayList<>();
        for (String mac : macs) {
            Path dir = work.resolve(mac.replace(':', '-'));
            results.add(pool.submit(() -> Agent.run(Agents.generic(server.uri(), mac, dir)
                    .target(dir.resolve("disk.img").toString()).build(), Agents.collecting(Agents.lines()))));
        }
        for (int i = 0; i < macs.size(); i++) {
            AgentResult r = results.get(i).get();
            assertThat(r.status()).as(r.summary()).isEqualTo(ExitStatus.OK);
            Path dir = work.resolve(macs.get(i).replace(':', '-'));
            assertThat(Hashes.sha256(dir.resolve("disk.img"))).isEqualTo(served.sha256());
        }
        pool.shutdown();
        System.out.println("multicast reports (bytes by multicast, by repair, fallback): " + multicast.reports);
        assertThat(multicast.reports).hasSize(3).allSatisfy(r -> {
            assertThat(r.fallback()).isEqualTo(MulticastFallback.NONE);
            assertThat(r.multicastBytes() + r.repairBytes()).isEqualTo(SIZE);
            // a lossless link: the stream carries (nearly) everything; a chunk dropped while the disk was behind is repaired
            assertThat(r.multicastBytes()).isGreaterThanOrEqualTo(SIZE / 2);
        });
        assertThat(server.imageBytesServed()).as("bytes served over HTTP to three Macs")
                .isLessThan(3 * SIZE / 2);
        assertThat(server.events()).anySatisfy(e -> assertThat(e.message()).startsWith("multicast totals:"));
    }

    @Test
    void aMacTheServerDoesNotStreamToRestoresOverHttpAndSaysWhy(@TempDir Path work) throws Exception {
        multicast.offered = false;
        multicast.reports.clear();
        String mac = "00:1b:63:84:46:10";
        server.plan(mac, plan(mac));
        try {
            AgentResult r = Agent.run(Agents.generic(server.uri(), mac, work).target(work.resolve("disk.img").toString())
                    .build(), Agents.collecting(Agents.lines()));
            assertThat(r.status()).as(r.summary()).isEqualTo(ExitStatus.OK);
            assertThat(Hashes.sha256(work.resolve("disk.img"))).isEqualTo(served.sha256());
            assertThat(r.bytesFetched()).isEqualTo(SIZE);
            assertThat(server.events()).extracting(EventBody::message)
                    .anySatisfy(m -> assertThat(m).startsWith("multicast fallback (not_offered)"));
            assertThat(multicast.reports).containsExactly(new LoopbackMulticast.Report(0, SIZE, MulticastFallback.NOT_OFFERED));
        } finally {
            multicast.offered = true;
        }
    }
}
