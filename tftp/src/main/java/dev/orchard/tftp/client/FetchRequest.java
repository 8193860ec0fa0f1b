package dev.orchard.tftp.client;

import dev.orchard.tftp.codec.BlockNumbering;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One file to fetch. Options are asked for only when set (0 = do not ask):
 *
 * <pre>{@code
 * FetchRequest r = FetchRequest.of(server, "X.nbi/i386/booter", TransferSink.toFile(out))
 *         .withBlockSize(1468).withWindowSize(16).withTransferSize(true);
 * }</pre>
 *
 * @param server            the server's request port (69)
 * @param filename          the name to request
 * @param netascii          netascii mode instead of octet
 * @param blockSize         blksize to ask for (RFC 2348), 0 = none
 * @param windowSize        windowsize to ask for (RFC 7440), 0 = none
 * @param timeoutSeconds    timeout to ask for (RFC 2349), 0 = none
 * @param transferSize      ask for tsize (RFC 2349) and check the received length against it
 * @param retransmitTimeout our first retransmission timeout (doubles on each retry)
 * @param maxRetries        timeouts in a row before giving up
 * @param numbering         what follows block 65535
 * @param sink              where the bytes go
 */
public record FetchRequest(InetSocketAddress server, String filename, boolean netascii, int blockSize,
                           int windowSize, int timeoutSeconds, boolean transferSize, Duration retransmitTimeout,
                           int maxRetries, BlockNumbering numbering, TransferSink sink) {

    public FetchRequest {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(retransmitTimeout, "retransmitTimeout");
        Objects.requireNonNull(numbering, "numbering");
        Objects.requireNonNull(sink, "sink");
        if (blockSize != 0 && (blockSize < 8 || blockSize > 65464)) {
            throw new IllegalArgumentException("blksize must be 8..65464 (or 0 to not ask): " + blockSize);
        }
        if (windowSize < 0 || windowSize > 65535) {
            throw new IllegalArgumentException("windowsize must be 1..65535 (or 0 to not ask): " + windowSize);
        }
        if (timeoutSeconds < 0 || timeoutSeconds > 255) {
            throw new IllegalArgumentException("timeout must be 1..255 (or 0 to not ask): " + timeoutSeconds);
        }
        if (maxRetries < 1) {
            throw new IllegalArgumentException("maxRetries must be at least 1: " + maxRetries);
        }
    }

    /** Octet mode, no options, 1 s first timeout, 6 retries, wrap to 0. */
    public static FetchRequest of(InetSocketAddress server, String filename, TransferSink sink) {
        return new FetchRequest(server, filename, false, 0, 0, 0, false, Duration.ofSeconds(1), 6,
                BlockNumbering.WRAP_TO_ZERO, sink);
    }

    public FetchRequest withBlockSize(int n) {
        return new FetchRequest(server, filename, netascii, n, windowSize, timeoutSeconds, transferSize,
                retransmitTimeout, maxRetries, numbering, sink);
    }

    public FetchRequest withWindowSize(int n) {
        return new FetchRequest(server, filename, netascii, blockSize, n, timeoutSeconds, transferSize,
                retransmitTimeout, maxRetries, numbering, sink);
    }

    public FetchRequest withTimeoutOption(int seconds) {
        return new FetchRequest(server, filename, netascii, blockSize, windowSize, seconds, transferSize,
                retransmitTimeout, maxRetries, numbering, sink);
    }

    public FetchRequest withTransferSize(boolean ask) {
        return new FetchRequest(server, filename, netascii, blockSize, windowSize, timeoutSeconds, ask,
                retransmitTimeout, maxRetries, numbering, sink);
    }

    public FetchRequest withNetascii(boolean on) {
        return new FetchRequest(server, filename, on, blockSize, windowSize, timeoutSeconds, transferSize,
                retransmitTimeout, maxRetries, numbering, sink);
    }

    /** Our own retransmission: first timeout and retry cap. */
    public FetchRequest withRetransmission(Duration first, int retries) {
        return new FetchRequest(server, filename, netascii, blockSize, windowSize, timeoutSeconds, transferSize,
                first, retries, numbering, sink);
    }

    public FetchRequest withNumbering(BlockNumbering n) {
        return new FetchRequest(server, filename, netascii, blockSize, windowSize, timeoutSeconds, transferSize,
                retransmitTimeout, maxRetries, n, sink);
    }
}
