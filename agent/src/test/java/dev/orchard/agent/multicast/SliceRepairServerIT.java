package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.ManifestChunk;
import dev.orchard.agent.testing.OrchardServer;
import dev.orchard.agent.testing.ServedImage;
import dev.orchard.agent.transfer.ByteSpan;
import dev.orchard.agent.transfer.HttpSettings;
import dev.orchard.agent.transfer.RangeOpener;
import dev.orchard.agent.transfer.RangeResponse;
import dev.orchard.agent.transfer.RangeSource;
import dev.orchard.agent.transfer.SocketRangeSource;
import dev.orchard.multicast.wire.ChunkDatagram;
import dev.orchard.multicast.wire.ImageHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slice repair against Orchard's real HTTP server (in-process, loopback) with the agent's own HTTP client:
 * a stream that lost every 40th datagram leaves ~19 separate holes per 1 MiB chunk; the repair asks them
 * {@value SliceRepair#MAX_RANGES} to a GET (multipart/byteranges, RFC 9110 §14.6) — 2 requests per chunk where one
 * per hole took 19 — and every chunk ends verified, the disk byte-identical to the image.
 */
@Timeout(60)
class SliceRepairServerIT {

    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 4;
    private static final int LOST_EVERY = 40;

    @TempDir
    Path dir;

    @Test
    void holesAreAskedSixteenToARequest() throws Exception {
        Path target = dir.resolve("disk.img");
        try (OrchardServer server = new OrchardServer(CHUNK)) {
            Image image = serve(server, 11);
            byte[] bytes = image.bytes();
            Manifest manifest = image.manifest();
            ImageHash hash = image.hash();
            AtomicInteger single = new AtomicInteger();
            AtomicInteger many = new AtomicInteger();
            RangeSource real = realSource();
            RangeSource counting = new RangeSource() {
                public RangeResponse open(URI url, long from, long to, String ifRange) throws IOException {
                    single.incrementAndGet();
                    return real.open(url, from, to, ifRange);
                }

                public boolean asksManyRanges() {
                    return true;
                }

                public RangeResponse openRanges(URI url, List<ByteSpan> spans, String ifRange) throws IOException {
                    many.incrementAndGet();
                    return real.openRanges(url, spans, ifRange);
                }
            };
            int holesPerChunk = 0;
            try (DatagramWriter writer = new DatagramWriter(manifest, target)) {
                for (int c = 0; c < CHUNKS; c++) {
                    holesPerChunk = offerWithHoles(writer, bytes, hash, c);
                }
                writer.drain();
                SliceRepair repair = new SliceRepair(manifest, new RangeOpener(counting), image.url());
                repair.repair(writer);
                DatagramWriter.Totals t = writer.totals();

                assertThat(t.verified().cardinality()).isEqualTo(CHUNKS);
                assertThat(repair.chunksCompleted()).isEqualTo(CHUNKS);
                int perChunk = (holesPerChunk + SliceRepair.MAX_RANGES - 1) / SliceRepair.MAX_RANGES;
                assertThat(holesPerChunk).as("holes per chunk, each its own run").isGreaterThan(SliceRepair.MAX_RANGES);
                assertThat(many.get()).as("multi-range GETs").isEqualTo(CHUNKS * perChunk);
                assertThat(single.get()).as("single-range GETs").isZero();
                assertThat(repair.requests()).isEqualTo((long) CHUNKS * perChunk);
                assertThat(repair.bytesFetched()).isEqualTo((long) CHUNKS * holesPerChunk * ChunkDatagram.MAX_PAYLOAD);
            }
            assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
        }
    }

    /**
     * The stream goes on while the writer repairs: the chunks it has left with holes are completed over HTTP
     * and verified before the stream ends (the one it is still on is not touched), so the repair after the
     * stream has only that one left.
     */
    @Test
    void chunksTheStreamLeftWithHolesAreRepairedWhileItGoesOn() throws Exception {
        Path target = dir.resolve("disk.img");
        try (OrchardServer server = new OrchardServer(CHUNK)) {
            Image image = serve(server, 12);
            SliceRepair repair = new SliceRepair(image.manifest(), new RangeOpener(realSource()), image.url());
            try (DatagramWriter writer = new DatagramWriter(image.manifest(), target, repair)) {
                for (int c = 0; c < CHUNKS; c++) {
                    offerWithHoles(writer, image.bytes(), image.hash(), c);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (repair.chunksCompleted() < CHUNKS - 1 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(java.util.stream.IntStream.range(0, CHUNKS).filter(writer::verified).count())
                        .as("chunks verified while the stream is on the last one").isEqualTo(CHUNKS - 1L);
                assertThat(writer.verified(CHUNKS - 1)).as("the chunk the stream is on").isFalse();
                assertThat(repair.chunksCompleted()).isEqualTo(CHUNKS - 1);

                writer.drain();
                repair.repair(writer);
                DatagramWriter.Totals t = writer.totals();
                assertThat(t.verified().cardinality()).isEqualTo(CHUNKS);
                assertThat(t.corrupt()).isZero();
                assertThat(repair.chunksCompleted()).isEqualTo(CHUNKS);
            }
            assertThat(Files.readAllBytes(target)).isEqualTo(image.bytes());
        }
    }

    /** A random image of {@link #CHUNKS} chunks, served by {@code server}. */
    private record Image(byte[] bytes, Manifest manifest, ImageHash hash, URI url) {
    }

    private Image serve(OrchardServer server, long seed) throws Exception {
        byte[] bytes = new byte[CHUNKS * CHUNK];
        new Random(seed).nextBytes(bytes);
        Path file = dir.resolve("lab.img");
        Files.write(file, bytes);
        ServedImage served = server.addImage("lab.img", file, CHUNK);
        Manifest manifest = manifest(bytes, served.etag());
        return new Image(bytes, manifest, ImageHash.parse(manifest.sha256()), server.uri().resolve(served.url()));
    }

    private static RangeSource realSource() {
        return new SocketRangeSource(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 2, Duration.ofMillis(10), Duration.ofMillis(20)));
    }

    /** Offers chunk {@code c} as a stream that lost every 40th datagram; returns how many it lost. */
    private static int offerWithHoles(DatagramWriter writer, byte[] bytes, ImageHash hash, int c) throws InterruptedException {
        int slice = 0;
        int holes = 0;
        for (int at = 0; at < CHUNK; at += ChunkDatagram.MAX_PAYLOAD, slice++) {
            if (slice % LOST_EVERY == 7) {
                holes++;
                continue;
            }
            int len = Math.min(ChunkDatagram.MAX_PAYLOAD, CHUNK - at);
            byte[] payload = Arrays.copyOfRange(bytes, c * CHUNK + at, c * CHUNK + at + len);
            while (!writer.offer(new ChunkDatagram(hash, CHUNKS, c, at, 0, payload))) {
                Thread.sleep(1);
            }
        }
        return holes;
    }

    private static Manifest manifest(byte[] bytes, String etag) throws Exception {
        List<ManifestChunk> chunks = new ArrayList<>();
        for (int c = 0; c < CHUNKS; c++) {
            chunks.add(new ManifestChunk(c, (long) c * CHUNK, CHUNK, MulticastReceiverIT.sha(bytes, c * CHUNK, CHUNK)));
        }
        return new Manifest("lab.img", bytes.length, MulticastReceiverIT.sha(bytes, 0, bytes.length), CHUNK, etag, null, chunks)
                .validated();
    }
}
