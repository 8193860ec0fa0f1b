package dev.orchard.bsdp.spi;

/**
 * What the BSDP server reports, in domain verbs, for dashboards. Every tag is a closed enum, never a MAC
 * or an IP, so cardinality is fixed. Implementations must be cheap and thread-safe (called from the event
 * loop and from worker threads) and must never throw; {@link NoOpBsdpMetrics} is the default, and
 * {@code ops} provides the Micrometer implementation.
 */
public interface BsdpMetrics {

    /** A BSDP INFORM arrived and passed the framing checks; {@code type} is its BSDP message type. */
    void requestReceived(RequestType type);

    /** A reply left for the client. */
    void replySent(ReplyType type);

    /** A packet got no answer, and why (protocol-correct silence, or a failure). */
    void requestDropped(DropReason reason);

    /** An ACK[LIST] carried only a prefix of the image list because the client's maximum size was reached. */
    void imageListTruncated();

    /** How long the {@link BootPolicy} took to answer (for a latency histogram). */
    default void policyAnswered(long nanos) {
    }

    /** BSDP message type of an INFORM (sub-option 1). */
    enum RequestType { LIST, SELECT, OTHER }

    /** The reply sent. */
    enum ReplyType { ACK_LIST, ACK_SELECT, ACK_FAILED }
}
