package dev.orchard.tftp.client;

import java.time.Duration;

/**
 * A completed fetch.
 *
 * @param bytes        octets written to the sink (after netascii conversion)
 * @param duration     from the request to the last block
 * @param retransmits  requests and ACKs we sent again after a timeout
 * @param announcedSize the server's tsize, or -1 when it sent none
 * @param blockSize    the blksize in effect
 * @param windowSize   the windowsize in effect
 */
public record TransferResult(long bytes, Duration duration, int retransmits, long announcedSize, int blockSize,
                             int windowSize) {

    /** Throughput in MiB/s. */
    public double mebibytesPerSecond() {
        double s = duration.toNanos() / 1e9;
        return s <= 0 ? 0 : bytes / 1048576.0 / s;
    }
}
