package dev.orchard.http.spi;

import java.util.Optional;

/**
 * The multicast routes' side of the sender (the agent API's {@code POST /api/v1/multicast/join} and
 * {@code …/report}, docs/agent-api.md): announcing a receiver starts or keeps its image's stream; the token
 * has been checked before either is called.
 */
public interface MulticastJoins {

    /** The stream a receiver joins, or empty when multicast is off for this Mac and image. Blocking. */
    Optional<MulticastOffer> join(String mac, String image) throws java.io.IOException;

    /**
     * An announcement with what the receiver saw of its stream since its previous one: datagrams received and
     * datagrams missed (gaps in the stream's sequence); the sender adapts its rate to them. By default the
     * counts are ignored.
     */
    default Optional<MulticastOffer> join(String mac, String image, long datagramsReceived, long datagramsMissed)
            throws java.io.IOException {
        return join(mac, image);
    }

    void report(String mac, String image, long multicastBytes, long repairBytes, MulticastFallback fallback);

    /**
     * What a receiver needs to join and to check each datagram.
     *
     * @param sha256        the stream's identity: the image's whole sha256, as every datagram carries it
     * @param announceEveryMillis how often (milliseconds) to announce itself again, well within the idle stop
     */
    record MulticastOffer(String group, int port, String sha256, int chunkCount, long chunkSize,
                          long announceEveryMillis) {
    }

    MulticastJoins NONE = new MulticastJoins() {
        @Override
        public Optional<MulticastOffer> join(String mac, String image) {
            return Optional.empty();
        }

        @Override
        public void report(String mac, String image, long multicastBytes, long repairBytes, MulticastFallback fallback) {
        }
    };
}
