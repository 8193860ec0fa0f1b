package dev.orchard.agent.multicast;

import dev.orchard.multicast.wire.ChunkDatagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.orchard.agent.multicast.MulticastReceiverIT.CHUNK;
import static dev.orchard.agent.multicast.MulticastReceiverIT.CHUNKS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer assembles the chunk the stream is in and writes it when whole or left: a chunk the stream leaves
 * half-way and comes back to (a late joiner's first chunk, on the next pass) is completed from what was written
 * and what comes after, and verified; a whole chunk with a wrong byte never counts and nothing of it is kept
 * as received; the disk holds exactly the image.
 */
class DatagramWriterTest {

    @TempDir
    Path dir;

    @Test
    void aChunkLeftHalfWayAndResumedOnTheNextPassIsVerified() throws Exception {
        MulticastReceiverIT.Image image = new MulticastReceiverIT.Image(4);
        Path target = dir.resolve("disk.img");
        int half = (CHUNK / ChunkDatagram.MAX_PAYLOAD / 2) * ChunkDatagram.MAX_PAYLOAD;
        try (DatagramWriter writer = new DatagramWriter(image.manifest, target)) {
            // joined in the middle of chunk 0: its second half, the other chunks, then (next pass) its first half
            send(writer, image, image.bytes, 0, half, CHUNK, 0);
            for (int c = 1; c < CHUNKS; c++) {
                send(writer, image, image.bytes, c, 0, CHUNK, 0);
            }
            send(writer, image, image.bytes, 0, 0, half, 1);
            writer.drain();
            DatagramWriter.Totals t = writer.totals();
            assertThat(t.verified().cardinality()).isEqualTo(CHUNKS);
            assertThat(t.multicastBytes()).isEqualTo((long) CHUNKS * CHUNK);
            assertThat(t.corrupt()).isZero();
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(image.bytes);
    }

    @Test
    void aWholeChunkWithAWrongByteNeverCounts() throws Exception {
        MulticastReceiverIT.Image image = new MulticastReceiverIT.Image(5);
        byte[] rotten = image.bytes.clone();
        rotten[2 * CHUNK + 9] ^= 1;
        Path target = dir.resolve("disk.img");
        try (DatagramWriter writer = new DatagramWriter(image.manifest, target)) {
            for (int c = 0; c < CHUNKS; c++) {
                send(writer, image, rotten, c, 0, CHUNK, 0);
            }
            writer.drain();
            DatagramWriter.Totals t = writer.totals();
            assertThat(t.verified().get(2)).isFalse();
            assertThat(t.verified().cardinality()).isEqualTo(CHUNKS - 1);
            assertThat(t.corrupt()).isEqualTo(1);
            assertThat(writer.received(2)).as("its slices are forgotten, to come again").isZero();
            assertThat(t.multicastBytes()).isEqualTo((CHUNKS - 1L) * CHUNK);
        }
        byte[] disk = Files.readAllBytes(target);
        assertThat(Arrays.copyOfRange(disk, 0, 2 * CHUNK)).isEqualTo(Arrays.copyOfRange(image.bytes, 0, 2 * CHUNK));
    }

    /**
     * An early repair whose HTTP client fails with an unchecked exception (a name that no longer resolves:
     * {@code UnresolvedAddressException}) costs the early repair, not the writer: every chunk the stream handed
     * is still written, and {@code drain()} ends normally.
     */
    @Test
    void anUncheckedFailureOfTheEarlyRepairLeavesTheWriterWriting() throws Exception {
        MulticastReceiverIT.Image image = new MulticastReceiverIT.Image(6);
        Path target = dir.resolve("disk.img");
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        dev.orchard.agent.transfer.RangeSource failing = (url, from, to, ifRange) -> {
            asked.incrementAndGet();
            throw new java.nio.channels.UnresolvedAddressException();
        };
        SliceRepair repair = new SliceRepair(image.manifest, new dev.orchard.agent.transfer.RangeOpener(failing),
                java.net.URI.create("http://server.invalid/images/x"));
        int hole = 3 * ChunkDatagram.MAX_PAYLOAD;
        try (DatagramWriter writer = new DatagramWriter(image.manifest, target, repair)) {
            for (int c = 0; c < CHUNKS; c++) {
                send(writer, image, image.bytes, c, 0, hole, 0);
                send(writer, image, image.bytes, c, hole + ChunkDatagram.MAX_PAYLOAD, CHUNK, 0);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (asked.get() == 0 && System.nanoTime() < deadline) { // the stream goes on a while
                Thread.sleep(10);
            }
            send(writer, image, image.bytes, 0, 0, hole, 1); // the next pass: the writer still takes it
            writer.drain();
            DatagramWriter.Totals t = writer.totals();
            assertThat(t.verified().cardinality()).isZero();
            assertThat(asked.get()).as("the early repair tried, and gave up after the first failure").isEqualTo(1);
        }
        byte[] disk = Files.readAllBytes(target);
        for (int c = 0; c < CHUNKS; c++) {
            assertThat(Arrays.copyOfRange(disk, c * CHUNK, c * CHUNK + hole)).as("chunk %d up to its hole", c)
                    .isEqualTo(Arrays.copyOfRange(image.bytes, c * CHUNK, c * CHUNK + hole));
        }
    }

    /** Offers chunk {@code c}'s datagrams covering {@code [from, to)}, waiting while every buffer is on its way to the disk. */
    private static void send(DatagramWriter writer, MulticastReceiverIT.Image image, byte[] bytes, int c, int from, int to,
                             int pass) throws InterruptedException {
        for (int at = from; at < to; at += ChunkDatagram.MAX_PAYLOAD) {
            int len = Math.min(ChunkDatagram.MAX_PAYLOAD, CHUNK - at);
            byte[] payload = Arrays.copyOfRange(bytes, c * CHUNK + at, c * CHUNK + at + len);
            while (!writer.offer(new ChunkDatagram(image.hash, CHUNKS, c, at, pass, payload))) {
                Thread.sleep(1);
            }
        }
    }
}
