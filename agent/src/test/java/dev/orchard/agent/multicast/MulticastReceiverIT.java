package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.ManifestChunk;
import dev.orchard.multicast.wire.ChunkDatagram;
import dev.orchard.multicast.wire.ImageHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver against real datagrams on loopback, sent by the test as another sender on the same group and
 * port would: a stream of another image (same chunk count and size, another hash) is never written, alone or
 * interleaved with the right one; garbage is counted and dropped; a chunk whose bytes do not match the manifest's
 * sha256 (a sender of the same hash with wrong bytes) never counts as written.
 */
@Timeout(30)
class MulticastReceiverIT {

    static final int CHUNK = 64 * 1024;
    static final int CHUNKS = 6;
    static final InetAddress LO = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    @Test
    void anotherImagesStreamOnTheSameGroupIsNeverWritten() throws Exception {
        Image ours = new Image(1);
        Image theirs = new Image(2);
        int port = freePort();
        MulticastReceiver receiver = receiver(ours, port, Duration.ofMillis(1500));
        Path target = dir.resolve("disk.img");
        CompletableFuture<ReceiveOutcome> outcome = CompletableFuture.supplyAsync(() -> receive(receiver, target));
        Thread.sleep(200);
        try (MulticastSocket sender = sender()) {
            for (int pass = 0; pass < 3; pass++) {
                send(sender, port, theirs, pass, theirs.bytes);
            }
        }
        ReceiveOutcome o = outcome.get();
        assertThat(o.fallback()).isEqualTo(Fallback.NOTHING_RECEIVED);
        assertThat(o.wrongStream()).isEqualTo(3L * datagramsPerPass());
        assertThat(o.written().isEmpty()).isTrue();
        assertThat(Files.exists(target) ? Files.size(target) : 0).as("bytes written to the disk").isZero();
    }

    @Test
    void interleavedStreamsAndGarbageLeaveOnlyTheRightChunksOnTheDisk() throws Exception {
        Image ours = new Image(1);
        Image theirs = new Image(2);
        byte[] rotten = ours.bytes.clone();
        rotten[3 * CHUNK + 5] ^= 1; // chunk 3 of "our" stream arrives with a wrong byte: its sha256 fails
        int port = freePort();
        MulticastReceiver receiver = receiver(ours, port, Duration.ofSeconds(3));
        Path target = dir.resolve("disk.img");
        CompletableFuture<ReceiveOutcome> outcome = CompletableFuture.supplyAsync(() -> receive(receiver, target));
        Thread.sleep(200);
        try (MulticastSocket sender = sender()) {
            for (int c = 0; c < CHUNKS; c++) {
                send(sender, port, theirs, 0, theirs.bytes, c);
                sender.send(new DatagramPacket(new byte[]{'n', 'o', 'p', 'e'}, 4, ours.group, port));
                send(sender, port, ours, 0, rotten, c);
            }
            send(sender, port, ours, 1, rotten, 0);
            send(sender, port, ours, 1, rotten, 1); // one chunk further than the first: the stream has looped
        }
        ReceiveOutcome o = outcome.get();
        assertThat(o.fallback()).isEqualTo(Fallback.NONE);
        assertThat(o.ended()).isEqualTo(ReceiveOutcome.Ended.LOOPED);
        assertThat(o.corrupt()).isEqualTo(1);
        assertThat(o.malformed()).isEqualTo(CHUNKS);
        assertThat(o.wrongStream()).isEqualTo(datagramsPerPass());
        assertThat(o.written().stream().toArray()).containsExactly(0, 1, 2, 4, 5);
        byte[] disk = Files.readAllBytes(target);
        for (int c : new int[]{0, 1, 2, 4, 5}) {
            assertThat(java.util.Arrays.copyOfRange(disk, c * CHUNK, (c + 1) * CHUNK))
                    .isEqualTo(java.util.Arrays.copyOfRange(ours.bytes, c * CHUNK, (c + 1) * CHUNK));
        }
        // chunk 3's bytes are on the disk but never counted: the HTTP restore after this re-verifies and fetches it
    }

    static long datagramsPerPass() {
        return (long) CHUNKS * ((CHUNK + ChunkDatagram.MAX_PAYLOAD - 1) / ChunkDatagram.MAX_PAYLOAD);
    }

    /** A random image of {@link #CHUNKS} chunks with its manifest. */
    static final class Image {
        final byte[] bytes = new byte[CHUNKS * CHUNK];
        final Manifest manifest;
        final ImageHash hash;
        final InetAddress group;

        Image(long seed) throws Exception {
            new Random(seed).nextBytes(bytes);
            List<ManifestChunk> chunks = new ArrayList<>();
            for (int c = 0; c < CHUNKS; c++) {
                chunks.add(new ManifestChunk(c, (long) c * CHUNK, CHUNK, sha(bytes, c * CHUNK, CHUNK)));
            }
            String whole = sha(bytes, 0, bytes.length);
            manifest = new Manifest("img" + seed, bytes.length, whole, CHUNK, "\"e\"", null, chunks).validated();
            hash = ImageHash.parse(whole);
            group = InetAddress.getByName("239.255.44.1");
        }
    }

    static String sha(byte[] b, int from, int length) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(b, from, length);
        return HexFormat.of().formatHex(d.digest());
    }

    private static MulticastReceiver receiver(Image image, int port, Duration firstDatagram) throws Exception {
        return new MulticastReceiver(new MulticastReceiver.Settings(image.group, port, NetworkInterface.getByInetAddress(LO),
                image.hash, firstDatagram, Duration.ofSeconds(2)), image.manifest);
    }

    private static ReceiveOutcome receive(MulticastReceiver r, Path target) {
        try {
            return r.receive(target, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MulticastSocket sender() throws Exception {
        MulticastSocket s = new MulticastSocket(new InetSocketAddress(LO, 0));
        s.setNetworkInterface(NetworkInterface.getByInetAddress(LO));
        s.setTimeToLive(1);
        return s;
    }

    private static void send(MulticastSocket s, int port, Image image, int pass, byte[] bytes) throws Exception {
        for (int c = 0; c < CHUNKS; c++) {
            send(s, port, image, pass, bytes, c);
        }
    }

    /** One chunk, paced so that loopback's socket buffer never overflows (this test is about filtering, not loss). */
    private static void send(MulticastSocket s, int port, Image image, int pass, byte[] bytes, int chunk) throws Exception {
        for (int at = 0; at < CHUNK; at += ChunkDatagram.MAX_PAYLOAD) {
            byte[] payload = java.util.Arrays.copyOfRange(bytes, chunk * CHUNK + at, chunk * CHUNK + Math.min(CHUNK, at + ChunkDatagram.MAX_PAYLOAD));
            byte[] wire = new ChunkDatagram(image.hash, CHUNKS, chunk, at, pass, payload).encode();
            s.send(new DatagramPacket(wire, wire.length, image.group, port));
        }
        Thread.sleep(5);
    }

    private static int freePort() throws Exception {
        try (var probe = new java.net.DatagramSocket()) {
            return probe.getLocalPort();
        }
    }
}
