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
import org.junit.jupiter.api.Timeout;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Link safety of the sender (docs/multicast.md, "Rate"), against real sockets on loopback and the real join
 * route: {@code rate_mbit} is the sender's total — two images streamed at once share it equally and together
 * stay under it (from the sender's own count of bytes sent, plus IP and UDP headers); announcements that report
 * loss above 5 % make the total back off multiplicatively, and announcements without loss let it creep back up
 * additively, each step visible in the rate metric.
 */
@Timeout(60)
class MulticastRateShareIT {

    static final InetAddress GROUP = MulticastLoopback.address("239.255.42.9");
    static final int CHUNK = 256 * 1024;
    static final long CAP = 40_000_000; // bit/s
    static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** IPv4 + UDP headers per datagram, as the sender's bucket counts them. */
    static final int HEADERS = 28;

    @TempDir
    Path base;
    HttpImageServer server;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong datagrams = new AtomicLong();
    final CopyOnWriteArrayList<Long> rates = new CopyOnWriteArrayList<>();
    ImageHash aHash;
    int port;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(base.resolve("images"));
        Random random = new Random(11);
        for (String name : List.of("a.img", "b.img")) {
            byte[] image = new byte[8 * CHUNK];
            random.nextBytes(image);
            Files.write(base.resolve("images").resolve(name), image);
            if (name.equals("a.img")) {
                aHash = ImageHash.parse(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image)));
            }
        }
        try (var probe = new java.net.DatagramSocket()) {
            port = probe.getLocalPort();
        }
        MulticastSettings settings = new MulticastSettings(GROUP, port, 1, CAP, Duration.ofSeconds(5),
                InetAddress.getLoopbackAddress());
        ManifestStore manifests = new ManifestStore(CHUNK);
        MulticastMetrics metrics = new MulticastMetrics() {
            public void bytesSent(long bytes) {
                sent.addAndGet(bytes);
                datagrams.incrementAndGet();
            }

            public void receiverJoined() {
            }

            public void streamStarted() {
            }

            public void streamStopped(MulticastStop why) {
            }

            public void receiverFinished(long m, long r, MulticastFallback f) {
            }

            @Override
            public void rateChanged(long bitsPerSecond) {
                rates.add(bitsPerSecond);
            }
        };
        MulticastPort multicast = new MulticastPort() {
            @Override
            public Optional<MulticastSettings> settingsFor(String mac, String img) {
                return Optional.of(settings);
            }

            @Override
            public ImageChunks open(String img) throws IOException {
                return ImageFileChunks.open(base.resolve("images"), img, manifests);
            }

            @Override
            public MulticastMetrics metrics() {
                return metrics;
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
    void twoStreamsShareTheCapEquallyAndTogetherStayUnderIt() throws Exception {
        try (MulticastSocket socket = MulticastLoopback.receiver(GROUP, port)) {
            assertThat(join("a.img", "").statusCode()).isEqualTo(200);
            double alone = pace(Duration.ofMillis(600));
            assertThat(alone).as("one stream alone, bit/s on the wire").isBetween(CAP * 0.7, CAP * 1.05);

            assertThat(join("b.img", "").statusCode()).isEqualTo(200);
            Thread.sleep(100);
            MulticastLoopback.drain(socket);
            long t0 = System.nanoTime();
            Map<Integer, Long> byImage = new HashMap<>();
            double both = pace(Duration.ofMillis(1_500), socket, byImage);
            assertThat(both).as("two streams together, bit/s on the wire (the cap is %d)", CAP)
                    .isBetween(CAP * 0.7, CAP * 1.05);
            long a = byImage.getOrDefault(0, 0L);
            long b = byImage.getOrDefault(1, 0L);
            assertThat(a + b).as("datagrams received on loopback in %d ms", (System.nanoTime() - t0) / 1_000_000)
                    .isGreaterThan(1_000);
            assertThat((double) a / (a + b)).as("stream a's part of what arrived (a=%d, b=%d)", a, b).isBetween(0.4, 0.6);
        }
    }

    @Test
    void reportedLossBacksOffMultiplicativelyAndCleanReportsCreepBackAdditively() throws Exception {
        assertThat(join("a.img", "").statusCode()).isEqualTo(200);
        assertThat(rates).containsExactly(CAP);
        // 10 % of the datagrams missed, reported with each announcement (the agent announces every second)
        long until = System.nanoTime() + Duration.ofMillis(3_300).toNanos();
        while (System.nanoTime() < until) {
            assertThat(join("a.img", ",\"datagramsReceived\":900,\"datagramsMissed\":100").statusCode()).isEqualTo(200);
            Thread.sleep(250);
        }
        List<Long> down = List.copyOf(rates);
        assertThat(down.size()).as("rate changes while loss is reported: %s", down).isGreaterThanOrEqualTo(3);
        for (int i = 1; i < down.size(); i++) {
            assertThat(down.get(i)).as("each step of %s is ×0.7", down).isEqualTo((long) (down.get(i - 1) * 0.7));
        }
        long low = down.get(down.size() - 1);
        assertThat(pace(Duration.ofMillis(600))).as("the pace follows the lowered rate %d", low).isLessThan(low * 1.1);

        // the first clean report replaces the lossy one; from the rate it finds, each interval adds a twentieth
        assertThat(join("a.img", ",\"datagramsReceived\":1000,\"datagramsMissed\":2").statusCode()).isEqualTo(200);
        low = rates.get(rates.size() - 1);
        rates.clear();
        until = System.nanoTime() + Duration.ofMillis(3_300).toNanos();
        while (System.nanoTime() < until) {
            assertThat(join("a.img", ",\"datagramsReceived\":1000,\"datagramsMissed\":2").statusCode()).isEqualTo(200);
            Thread.sleep(250);
        }
        List<Long> up = List.copyOf(rates);
        assertThat(up.size()).as("rate changes once the loss is gone: %s", up).isGreaterThanOrEqualTo(3);
        assertThat(up.get(0)).isEqualTo(low + CAP / 20);
        for (int i = 1; i < up.size(); i++) {
            assertThat(up.get(i)).as("each step of %s adds a twentieth of the cap", up).isEqualTo(up.get(i - 1) + CAP / 20);
        }
        assertThat(join("a.img", ",\"datagramsReceived\":-1,\"datagramsMissed\":2").statusCode()).isEqualTo(400);
        assertThat(join("a.img", ",\"datagramsReceived\":10").statusCode()).isEqualTo(400);
    }

    /** The sender's pace over {@code window}: its own count of datagram bytes, plus IP and UDP headers. */
    private double pace(Duration window) throws InterruptedException {
        long s0 = sent.get();
        long d0 = datagrams.get();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long bytes = sent.get() - s0 + (datagrams.get() - d0) * HEADERS;
        return bytes * 8 / ((System.nanoTime() - t0) / 1e9);
    }

    /** The pace as above, while counting the datagrams that arrive on {@code socket} per image (0: a, 1: b). */
    private double pace(Duration window, MulticastSocket socket, Map<Integer, Long> byImage) throws Exception {
        long s0 = sent.get();
        long d0 = datagrams.get();
        long t0 = System.nanoTime();
        long end = t0 + window.toNanos();
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.setSoTimeout(100);
        while (System.nanoTime() < end) {
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            ChunkDatagram d = ChunkDatagram.decode(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
            int which = d.image().equals(aHash) ? 0 : 1;
            byImage.merge(which, 1L, Long::sum);
        }
        long bytes = sent.get() - s0 + (datagrams.get() - d0) * HEADERS;
        return bytes * 8 / ((System.nanoTime() - t0) / 1e9);
    }

    private HttpResponse<String> join(String image, String extra) throws Exception {
        String body = "{\"mac\":\"" + FakePorts.KNOWN_MAC + "\",\"image\":\"" + image + "\"" + extra + "}";
        HttpRequest r = HttpRequest.newBuilder(URI.create(ServerFixture.url(server, "/api/v1/multicast/join")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + FakePorts.token(FakePorts.KNOWN_MAC))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return CLIENT.send(r, HttpResponse.BodyHandlers.ofString());
    }
}
