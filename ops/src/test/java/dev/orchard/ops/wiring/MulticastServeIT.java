package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.http.manifest.ManifestProgress;
import dev.orchard.multicast.wire.ChunkDatagram;
import dev.orchard.multicast.wire.ImageHash;
import dev.orchard.ops.init.SampleSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code orchard serve} with a {@code multicast:} block (docs/multicast.md): the plan of a Mac whose policy is
 * listed carries the stream (group, port, the image's sha256), a Mac whose policy is not gets none and may not
 * join; a join with the plan's token starts the stream, whose datagrams on loopback carry the plan's sha256;
 * the agent's report and the sender's bytes show in {@code /metrics}.
 */
@Timeout(60)
class MulticastServeIT {

    @TempDir
    Path dir;

    @Test
    void listedPoliciesGetTheStreamInTheirPlanAndMayJoinIt() throws Exception {
        int port;
        try (var probe = new java.net.DatagramSocket()) {
            port = probe.getLocalPort();
        }
        Path config = SampleSetup.write(dir, true, ManifestProgress.NONE);
        Files.writeString(config, "\nmulticast:\n  group: 239.255.78.1\n  port: " + port + "\n  source: 127.0.0.1\n"
                + "  rate_mbit: 50\n  idle_stop: 2s\n  policies: [imacs-restore]\n", StandardOpenOption.APPEND);
        ServeFixture f = ServeFixture.start(dir, config);
        try (f; MulticastSocket socket = new MulticastSocket(new InetSocketAddress(InetAddress.getByName("239.255.78.1"), port))) {
            String mac = "02:00:0a:00:00:21";
            JsonNode plan = f.plan(mac, "C02RESTORE21", ServeFixture.RESTORE_MODEL);
            JsonNode m = plan.get("restore").get("multicast");
            assertThat(m).as("the restore's multicast part").isNotNull();
            assertThat(m.get("group").asText()).isEqualTo("239.255.78.1");
            assertThat(m.get("port").asInt()).isEqualTo(port);
            assertThat(m.get("sha256").asText()).isEqualTo(plan.get("restore").get("sha256").asText());

            JsonNode thin = f.plan("02:00:0a:00:00:22", "C02THIN00022", ServeFixture.THIN_MODEL);
            String body = "{\"mac\":\"02:00:0a:00:00:22\",\"image\":\"lab-base.img\"}";
            assertThat(f.post("/api/v1/multicast/join", thin.get("token").asText(), body).statusCode())
                    .as("a Mac whose plan has no stream may not join").isEqualTo(404);

            socket.setSoTimeout(5_000);
            socket.joinGroup(new InetSocketAddress(InetAddress.getByName("239.255.78.1"), 0),
                    NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()));
            var joined = f.post(m.get("join").asText(), plan.get("token").asText(),
                    "{\"mac\":\"" + mac + "\",\"image\":\"" + plan.get("restore").get("image").asText() + "\"}");
            assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            socket.receive(p);
            ChunkDatagram d = ChunkDatagram.decode(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
            assertThat(d.image()).isEqualTo(ImageHash.parse(m.get("sha256").asText()));

            var report = f.post(m.get("report").asText(), plan.get("token").asText(), "{\"mac\":\"" + mac
                    + "\",\"image\":\"lab-base.img\",\"multicastBytes\":1000,\"repairBytes\":24,\"fallback\":\"none\"}");
            assertThat(report.statusCode()).isEqualTo(202);
            String metrics = f.metrics();
            assertThat(ServeFixture.sample(metrics, "orchard_multicast_received_bytes_total{path=\"multicast\"}")).isEqualTo(1000);
            assertThat(ServeFixture.sample(metrics, "orchard_multicast_received_bytes_total{path=\"repair\"}")).isEqualTo(24);
            assertThat(ServeFixture.sample(metrics, "orchard_multicast_joins_total")).isEqualTo(1);
            assertThat(ServeFixture.sample(metrics, "orchard_multicast_sent_bytes_total")).isPositive();
        }
    }
}
