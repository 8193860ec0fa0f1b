package dev.orchard.agent.multicast;

import dev.orchard.multicast.wire.ChunkDatagram;

/**
 * The loss this receiver sees on its stream, per reporting window: the sender sends the slices of each chunk in
 * order and the chunks in order, pass after pass (docs/multicast.md), so every datagram has a place in one
 * sequence — {@code (pass × slices in the image) + (slices before its chunk) + (offset ÷ 1412)} — and a jump
 * past the next expected place is that many datagrams missed. A step back (a datagram reordered, the sender
 * started again) counts as received and restarts the sequence from there. The announcer
 * ({@link MulticastPhase}) takes the window every second and sends it with the announcement; the server adapts
 * its rate to the median receiver's loss. Thread-safe: the receiving loop observes, the announcer takes.
 */
final class LossWindow {

    /** What one window saw. */
    record Counts(long received, long missed) {
    }

    private final long slicesPerFullChunk;
    private final long slicesInImage;
    private long expected = -1;
    private long received;
    private long missed;

    /** For an image of {@code chunkCount} chunks of {@code chunkSize} bytes (the last one {@code lastChunkSize}). */
    LossWindow(int chunkCount, long chunkSize, long lastChunkSize) {
        this.slicesPerFullChunk = slices(chunkSize);
        this.slicesInImage = (chunkCount - 1L) * slicesPerFullChunk + slices(lastChunkSize);
    }

    private static long slices(long bytes) {
        return (bytes + ChunkDatagram.MAX_PAYLOAD - 1) / ChunkDatagram.MAX_PAYLOAD;
    }

    /** A datagram of this receiver's stream arrived. */
    synchronized void observe(int pass, int chunkIndex, int offset) {
        long place = pass * slicesInImage + chunkIndex * slicesPerFullChunk + offset / ChunkDatagram.MAX_PAYLOAD;
        if (expected >= 0 && place > expected) {
            missed += place - expected;
        }
        received++;
        expected = place + 1;
    }

    /** The counts since the previous call, and a new window. */
    synchronized Counts take() {
        Counts c = new Counts(received, missed);
        received = 0;
        missed = 0;
        return c;
    }
}
