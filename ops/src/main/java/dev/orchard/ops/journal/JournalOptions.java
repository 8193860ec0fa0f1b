package dev.orchard.ops.journal;

/**
 * Sizes and limits of the journal; {@link #DEFAULTS} suits a lab of a few hundred Macs.
 *
 * @param segmentBytes         a segment is sealed and a new one started beyond this size
 * @param compactAfterSegments when this many sealed segments exist, they are compacted into one
 *                             holding only each machine's retained records
 * @param historyPerMachine    records kept per machine (in memory and through compaction)
 * @param dedupeWindow         idempotency keys kept per machine; a retry older than this is stored again
 * @param maxBatch             records written per group commit (one fsync)
 */
public record JournalOptions(long segmentBytes, int compactAfterSegments, int historyPerMachine, int dedupeWindow,
                             int maxBatch) {

    public static final JournalOptions DEFAULTS = new JournalOptions(8L << 20, 4, 200, 4096, 1024);

    public JournalOptions {
        if (segmentBytes < 4096 || compactAfterSegments < 1 || historyPerMachine < 1 || dedupeWindow < 1
                || maxBatch < 1) {
            throw new IllegalArgumentException("journal options out of range");
        }
    }
}
