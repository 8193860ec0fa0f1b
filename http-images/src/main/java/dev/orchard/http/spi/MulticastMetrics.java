package dev.orchard.http.spi;

/**
 * The multicast sender's metrics port, in domain verbs; tags come from closed enums only (never a MAC or an
 * address). Called from sender threads and the API worker: cheap, never throws.
 */
public interface MulticastMetrics {

    /** Datagram bytes (headers included) handed to the kernel for a group. */
    void bytesSent(long bytes);

    /** A receiver announced itself (first time or again). */
    void receiverJoined();

    void streamStarted();

    void streamStopped(MulticastStop why);

    /** What a receiver reported at the end of its restore: bytes it wrote from the stream and from HTTP repair. */
    void receiverFinished(long multicastBytes, long repairBytes, MulticastFallback fallback);

    /** The sender's total rate (all streams, IP and UDP headers counted) changed: its cap, or the AIMD moved it. */
    default void rateChanged(long bitsPerSecond) {
    }

    MulticastMetrics NONE = new MulticastMetrics() {
        @Override
        public void bytesSent(long bytes) {
        }

        @Override
        public void receiverJoined() {
        }

        @Override
        public void streamStarted() {
        }

        @Override
        public void streamStopped(MulticastStop why) {
        }

        @Override
        public void receiverFinished(long multicastBytes, long repairBytes, MulticastFallback fallback) {
        }
    };
}
