package dev.orchard.tftp.server;

import dev.orchard.tftp.transport.UdpTransport;
import io.netty.channel.unix.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether windows go to the kernel as UDP GSO sends (Linux UDP_SEGMENT): one {@code sendmmsg} entry carries
 * up to {@value #MAX_SEGMENTS} equal-sized DATA datagrams, which the kernel (or the NIC) cuts apart. That
 * saves the per-datagram trip through the socket, IP and device layers, the bulk of a TFTP server's CPU.
 * Shared by all transfers of one server. The kernel refuses GSO on some paths (EIO on a device without
 * checksum offload or through IPsec, EINVAL when a segment exceeds the route's MTU): the first such
 * refusal switches it off for the server's lifetime, and the refused window goes out again on the timer.
 */
final class SegmentationOffload {

    private static final Logger log = LoggerFactory.getLogger(SegmentationOffload.class);
    /** UDP_MAX_SEGMENTS of Linux 4.18..6.x. */
    static final int MAX_SEGMENTS = 64;
    /** Largest UDP payload of one IPv4 datagram (65535 − 20 − 8): the GSO train's total length limit. */
    static final int MAX_TRAIN_OCTETS = 65_507;
    private static final int EIO = 5;
    private static final int EINVAL = 22;
    private static final int EMSGSIZE = 90;

    private volatile boolean enabled;

    SegmentationOffload(boolean wanted) {
        this.enabled = wanted && UdpTransport.segmentationOffloadAvailable();
    }

    boolean enabled() {
        return enabled;
    }

    /** Datagrams of {@code frameSize} octets one GSO send may carry; below 2 GSO is pointless. */
    static int segmentsPerSend(int frameSize) {
        return Math.min(MAX_SEGMENTS, MAX_TRAIN_OCTETS / frameSize);
    }

    /**
     * A send failed on a transfer that used GSO: if the kernel refused the segmentation itself, stop using
     * it. Other errors (a firewall's EPERM, an unreachable network) are left to the retransmission timer.
     */
    void sendFailed(Throwable cause) {
        if (!enabled || !(cause instanceof Errors.NativeIoException e)) {
            return;
        }
        int errno = Math.abs(e.expectedErr());
        if (errno == EIO || errno == EINVAL || errno == EMSGSIZE) {
            enabled = false;
            log.warn("the kernel refused UDP segmentation offload ({}); sending DATA one datagram at a time",
                    e.getMessage());
        }
    }
}
