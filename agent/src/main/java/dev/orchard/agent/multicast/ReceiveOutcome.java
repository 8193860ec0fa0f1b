package dev.orchard.agent.multicast;

import java.util.BitSet;

/**
 * What the multicast phase left on the target: chunks written and verified by sha256 (the restore re-reads and
 * hashes them again before they count), and why it ended.
 *
 * @param written     chunks verified and written
 * @param bytes       bytes of verified chunks that came from the stream
 * @param repairBytes bytes fetched over HTTP to fill the holes of nearly complete chunks
 * @param datagrams   datagrams of this image's stream received
 * @param wrongStream datagrams of another stream on the group and port (another image), never written
 * @param malformed   datagrams that were not this format, or cut wrongly (never written)
 * @param corrupt     chunks whose sha256 did not match when complete (never written)
 * @param ended       why receiving stopped
 */
public record ReceiveOutcome(BitSet written, long bytes, long repairBytes, long datagrams, long wrongStream, long malformed, long corrupt,
                             Ended ended, Fallback fallback, String detail) {

    /** Why receiving stopped. */
    public enum Ended {
        /** Every chunk arrived. */
        COMPLETE,
        /** The stream went round once since this receiver's first datagram: the rest comes by HTTP. */
        LOOPED,
        /** Nothing of the stream for the stall timeout after something had arrived. */
        STALLED,
        /** Never started (see the fallback). */
        FELL_BACK
    }

    public static ReceiveOutcome fellBack(Fallback why, String detail) {
        return new ReceiveOutcome(new BitSet(), 0, 0, 0, 0, 0, 0, Ended.FELL_BACK, why, detail);
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d chunks complete: %d bytes from %d datagrams, %d bytes of "
                        + "holes by HTTP; %s; %d datagrams of another stream, %d malformed, %d chunks corrupt, all dropped",
                written.cardinality(), bytes, datagrams, repairBytes, ended.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                wrongStream, malformed, corrupt);
    }
}
