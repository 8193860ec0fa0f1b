package dev.orchard.agent.restore;

import java.util.BitSet;

/**
 * Which chunks are verified and on the target (written, or found intact). Filled by the writer thread,
 * read by the syncer, which only journals a snapshot taken before it forced the target.
 */
final class ChunkLedger {

    private final BitSet done;
    private final int chunks;

    ChunkLedger(int chunks) {
        this.chunks = chunks;
        this.done = new BitSet(chunks);
    }

    synchronized void markDone(int[] indexes) {
        for (int i : indexes) {
            done.set(i);
        }
    }

    synchronized BitSet snapshot() {
        return (BitSet) done.clone();
    }

    synchronized boolean complete() {
        return done.cardinality() == chunks;
    }
}
