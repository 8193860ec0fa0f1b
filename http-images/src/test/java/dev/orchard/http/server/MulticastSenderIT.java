package dev.orchard.http.server;

import dev.orchard.http.manifest.ManifestStore;
import dev.orchard.http.multicast.ImageFileChunks;
import dev.orchard.http.spi.HttpPorts;
import dev.orchard.http.spi.ImageChunks;
import dev.orchard.http.spi.MulticastFallback;
import dev.orchard.http.spi.MulticastMetrics;
import dev.orchard.http.spi.MulticastPort;
import dev.orchard.http.spi.MulticastSettings;
import dev.orchard.http.spi.MulticastStop;
import dev.orchard.multicast.wire.ChunkDatagram;
import dev.orchard.multicast.wire.ImageHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender against a real socket on loopback (multicast on {@code lo}, joined on 127.0.0.1): the join route
 * starts the image's stream; every datagram decodes and belongs to it; one pass puts the image back together
 * byte for byte; the pace is the configured rate; the stream stops once nobody announces within the idle time;
 * the route refuses a missing or wrong token and an image not streamed to that Mac.
 */
class MulticastSenderIT {

    static final InetAddress GROUP = MulticastLoopback.address("239.255.42.7");
    static final int CHUNK = 256 * 1024;
    static final long RATE = 40_000_000; // bit/s
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path base;
    byte[] image;
    HttpImageServer server;
    final CopyOnWriteArrayList<String> stops = new CopyOnWriteArrayList<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicInteger joins = new AtomicInteger();
    final CopyOnWriteArrayList<String> reports = new CopyOnWriteArrayList<>();
    int port;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(base.resolve("images"));
        image = new byte[5 * CHUNK + 12345];
        new Random(7).nextBytes(image);
        Files.write(base.resolve("images/lab.img"), image);
        try (var probe = new java.net.DatagramSocket()) {
            port = probe.getLocalPort();
        }
        MulticastSettings settings = new MulticastSettings(GROUP, port, 1, RATE, Duration.ofMillis(800),
                InetAddress.getLoopbackAddress());
        ManifestStore manifests = new ManifestStore(CHUNK);
        MulticastPort multicast = new MulticastPort() {
            @Override
            public Optional<MulticastSettings> settingsFor(String mac, String img) {
                return img.equals("lab.img") ? Optional.of(settings) : Optional.empty();
            }

            @Override
            public ImageChunks open(String img) throws IOException {
                return ImageFileChunks.open(base.resolve("images"), img, manifests);
            }

            @Override
            public MulticastMetrics metrics() {
                return new MulticastMetrics() {
                    public void bytesSent(long bytes) {
                        sent.addAndGet(bytes);
                    }

                    public void receiverJoined() {
                        joins.incrementAndGet();
                    }

                    public void streamStarted() {
                    }

                    public void streamStopped(MulticastStop why) {
                        stops.add(why.name());
                    }

                    public void receiverFinished(long m, long r, MulticastFallback f) {
                        reports.add(m + "/" + r + "/" + f);
                    }
                };
            }
        };
        server = HttpImageServer.start(ServerFixture.config(base),
                HttpPorts.standalone().withTokens(FakePorts.TOKENS).withMulticast(multicast));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aJoinStartsAStreamThatRebuildsTheImageAtTheConfiguredRateAndStopsWhenIdle() throws Exception {
        try (MulticastSocket socket = MulticastLoopback.receiver(GROUP, port)) {
            HttpResponse<String> joined = post("/api/v1/multicast/join", FakePorts.token(FakePorts.KNOWN_MAC),
                    "{\"mac\":\"" + FakePorts.KNOWN_MAC + "\",\"image\":\"lab.img\"}");
            assertThat(joined.statusCode()).isEqualTo(200);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
            assertThat(joined.body()).contains("\"group\":\"239.255.42.7\"", "\"port\":" + port, "\"sha256\":\"" + sha + "\"",
                    "\"chunkCount\":6", "\"chunkSize\":" + CHUNK);

            // the pace, from the sender's own count over half a second (within the idle stop)
            long s0 = sent.get();
            long t0 = System.nanoTime();
            Thread.sleep(500);
            double mbits = (sent.get() - s0) * 8 / ((System.nanoTime() - t0) / 1e9) / 1e6;
            assertThat(mbits).as("paced rate, Mbit/s (datagram bytes; the bucket also counts IP+UDP headers)")
                    .isBetween(RATE / 1e6 * 0.7, RATE / 1e6 * 1.05);

            byte[] rebuilt = new byte[image.length];
            java.util.BitSet slices = new java.util.BitSet();
            int needed = 0;
            for (int c = 0; c < 6; c++) {
                needed += (Math.min(CHUNK, image.length - c * CHUNK) + ChunkDatagram.MAX_PAYLOAD - 1) / ChunkDatagram.MAX_PAYLOAD;
            }
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            post("/api/v1/multicast/join", FakePorts.token(FakePorts.KNOWN_MAC),
                    "{\"mac\":\"" + FakePorts.KNOWN_MAC + "\",\"image\":\"lab.img\"}");
            while (slices.cardinality() < needed) {
                socket.receive(p);
                ChunkDatagram d = ChunkDatagram.decode(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
                assertThat(d.image()).isEqualTo(ImageHash.parse(sha));
                assertThat(d.chunkCount()).isEqualTo(6);
                System.arraycopy(d.payload(), 0, rebuilt, d.chunkIndex() * CHUNK + d.offsetInChunk(), d.payload().length);
                slices.set(d.chunkIndex() * 1000 + d.offsetInChunk() / ChunkDatagram.MAX_PAYLOAD);
            }
            assertThat(rebuilt).isEqualTo(image);

            // nobody announces: the stream stops within the idle stop (0.8 s) plus a sweep
            Thread.sleep(1_300);
            assertThat(stops).containsExactly("IDLE");
            MulticastLoopback.drain(socket);
            socket.setSoTimeout(600);
            boolean quiet;
            try {
                socket.receive(p);
                quiet = false;
            } catch (SocketTimeoutException e) {
                quiet = true;
            }
            assertThat(quiet).as("no datagram after the idle stop").isTrue();
            assertThat(joins.get()).isEqualTo(2);
            assertThat(sent.get()).isGreaterThanOrEqualTo(image.length);
        }
    }

    @Test
    void theRoutesAreAuthenticatedAndOnlyOfferWhatThePolicyStreams() throws Exception {
        String body = "{\"mac\":\"" + FakePorts.KNOWN_MAC + "\",\"image\":\"lab.img\"}";
        assertThat(post("/api/v1/multicast/join", null, body).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/multicast/join", "forged", body).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/multicast/join", FakePorts.token("00:1b:63:84:45:01"), body).statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/multicast/join", FakePorts.token(FakePorts.KNOWN_MAC),
                "{\"mac\":\"" + FakePorts.KNOWN_MAC + "\",\"image\":\"other.img\"}").statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/multicast/join", FakePorts.token(FakePorts.KNOWN_MAC), "{\"mac\":\"" + FakePorts.KNOWN_MAC
                + "\",\"image\":\"lab.img\",\"extra\":1}").statusCode()).isEqualTo(400);
        assertThat(stops).isEmpty();
        assertThat(joins.get()).isZero();

        String report = "{\"mac\":\"" + FakePorts.KNOWN_MAC + "\",\"image\":\"lab.img\",\"multicastBytes\":100,"
                + "\"repairBytes\":7,\"fallback\":\"%s\"}";
        assertThat(post("/api/v1/multicast/report", FakePorts.token(FakePorts.KNOWN_MAC), report.formatted("none"))
                .statusCode()).isEqualTo(202);
        assertThat(post("/api/v1/multicast/report", FakePorts.token(FakePorts.KNOWN_MAC), report.formatted("lunch"))
                .statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/multicast/report", "forged", report.formatted("none")).statusCode()).isEqualTo(403);
        assertThat(reports).containsExactly("100/7/NONE");
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ServerFixture.url(server, path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
