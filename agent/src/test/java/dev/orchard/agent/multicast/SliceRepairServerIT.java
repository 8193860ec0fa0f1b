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
        byte[] bytes = new byte[CHUNKS * CHUNK];
        new Random(11).nextBytes(bytes);
        Path file = dir.resolve("lab.img");
        Files.write(file, bytes);
        Path target = dir.resolve("disk.img");
        try (OrchardServer server = new OrchardServer(CHUNK)) {
            ServedImage served = server.addImage("lab.img", file, CHUNK);
            Manifest manifest = manifest(bytes, served.etag());
            ImageHash hash = ImageHash.parse(manifest.sha256());
            AtomicInteger single = new AtomicInteger();
            AtomicInteger many = new AtomicInteger();
            RangeSource real = new SocketRangeSource(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), 2, Duration.ofMillis(10), Duration.ofMillis(20)));
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
                    int slice = 0;
                    holesPerChunk = 0;
                    for (int at = 0; at < CHUNK; at += ChunkDatagram.MAX_PAYLOAD, slice++) {
                        if (slice % LOST_EVERY == 7) {
                            holesPerChunk++;
                            continue;
                        }
                        int len = Math.min(ChunkDatagram.MAX_PAYLOAD, CHUNK - at);
                        byte[] payload = Arrays.copyOfRange(bytes, c * CHUNK + at, c * CHUNK + at + len);
                        while (!writer.offer(new ChunkDatagram(hash, CHUNKS, c, at, 0, payload))) {
                            Thread.sleep(1);
                        }
                    }
                }
                writer.drain();
                SliceRepair repair = new SliceRepair(manifest, new RangeOpener(counting), server.uri().resolve(served.url()));
                var done = repair.repair(writer);
                DatagramWriter.Totals t = writer.totals();

                assertThat(t.verified().cardinality()).isEqualTo(CHUNKS);
                assertThat(done.cardinality()).isEqualTo(CHUNKS);
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

    private static Manifest manifest(byte[] bytes, String etag) throws Exception {
        List<ManifestChunk> chunks = new ArrayList<>();
        for (int c = 0; c < CHUNKS; c++) {
            chunks.add(new ManifestChunk(c, (long) c * CHUNK, CHUNK, MulticastReceiverIT.sha(bytes, c * CHUNK, CHUNK)));
        }
        return new Manifest("lab.img", bytes.length, MulticastReceiverIT.sha(bytes, 0, bytes.length), CHUNK, etag, null, chunks)
                .validated();
    }
}
