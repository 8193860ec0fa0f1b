package dev.orchard.tftp.spi;

import java.time.Duration;

/**
 * What the TFTP server reports, in domain verbs. Implementations must be cheap and must not throw (a
 * failing metric never breaks a transfer; the server guards every call anyway). Tags come only from the
 * closed enums here, never from addresses or file names. {@link NoOpTftpMetrics#INSTANCE} is the default.
 * Transfers run on several event-loop threads at once, so implementations must be thread-safe.
 */
public interface TftpMetrics {

    /** A read transfer began (its channel is bound and the first OACK or DATA is going out). */
    void transferStarted();

    /** The client acknowledged the last block. */
    void transferCompleted(long bytes, Duration duration);

    /** A started transfer was abandoned. */
    void transferFailed(TransferFailure reason);

    /** A client ended a transfer with ERROR 8 right after our OACK: the UEFI tsize probe, not a failure. */
    void sizeProbeAnswered();

    /** A request was refused before a transfer started. */
    void requestRefused(RefusalReason reason);

    /** Payload octets sent in DATA packets (first sends and retransmits). */
    void bytesSent(long bytes);

    /** DATA (or OACK) packets sent again after a timeout. */
    void retransmitted(int packets);

    /** A datagram was dropped or answered with an error. */
    void packetRejected(PacketRejection reason);

    /** A duplicate ACK was ignored, as RFC 1123 §4.2.3.1 requires (Sorcerer's Apprentice). */
    void duplicateAckIgnored();
}
