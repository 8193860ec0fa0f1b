package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.BlockNumbering;
import dev.orchard.tftp.codec.Data;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the TFTP server is told; validated strictly on construction. Start from {@link #defaults()}:
 *
 * <pre>{@code
 * TftpServerConfig config = TftpServerConfig.defaults()
 *         .withBindAddress(new InetSocketAddress("10.0.0.1", 69))
 *         .withMaxWindowSize(32);
 * }</pre>
 *
 * @param bindAddress           where port 69 (or another) is bound; transfers use ephemeral ports on the same address
 * @param maxBlockSize          cap on the negotiated blksize (RFC 2348); 1468 = Ethernet MTU − 32, the
 *                              fragmentation-safe value tftp-hpa's man page and dnsmasq recommend
 * @param maxWindowSize         cap on the negotiated windowsize (RFC 7440)
 * @param retransmitTimeout     first retransmission timeout when the client asked for none (RFC 2349 timeout)
 * @param maxRetransmitTimeout  ceiling of the exponential backoff (RFC 1123 §4.2.3.2)
 * @param maxRetries            timeouts in a row before a transfer is abandoned (RFC 7440 §6)
 * @param maxTransferDuration   a transfer running longer is abandoned (dnsmasq uses 120 s)
 * @param maxTransfers          concurrent transfers, all clients together
 * @param maxTransfersPerClient concurrent transfers from one client address
 * @param blockNumbering        what follows block 65535
 * @param transferThreads       event loops that transfers are spread over (one per core by default); the
 *                              listener runs on the first of them
 * @param segmentationOffload   send a window as one UDP GSO datagram train (Linux UDP_SEGMENT) when the
 *                              native transport supports it; off = one datagram per send
 */
public record TftpServerConfig(InetSocketAddress bindAddress, int maxBlockSize, int maxWindowSize,
                               Duration retransmitTimeout, Duration maxRetransmitTimeout, int maxRetries,
                               Duration maxTransferDuration, int maxTransfers, int maxTransfersPerClient,
                               BlockNumbering blockNumbering, int transferThreads, boolean segmentationOffload) {

    public static final int DEFAULT_PORT = 69;
    public static final int DEFAULT_MAX_BLOCK_SIZE = 1468;
    public static final int DEFAULT_MAX_WINDOW_SIZE = 64;
    public static final Duration DEFAULT_RETRANSMIT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_RETRANSMIT_TIMEOUT = Duration.ofSeconds(16);
    public static final int DEFAULT_MAX_RETRIES = 6;
    public static final Duration DEFAULT_MAX_TRANSFER_DURATION = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_TRANSFERS = 256;
    public static final int DEFAULT_MAX_TRANSFERS_PER_CLIENT = 16;
    /** Upper bound of {@link #transferThreads()}; more loops than that only add context switches. */
    public static final int MAX_TRANSFER_THREADS = 64;

    public TftpServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(blockNumbering, "blockNumbering");
        check(maxBlockSize >= 8 && maxBlockSize <= Data.MAX_PAYLOAD, "max block size must be 8..65464", maxBlockSize);
        check(maxWindowSize >= 1 && maxWindowSize <= 65535, "max window size must be 1..65535", maxWindowSize);
        check(maxRetries >= 1 && maxRetries <= 100, "max retries must be 1..100", maxRetries);
        check(maxTransfers >= 1, "max transfers must be at least 1", maxTransfers);
        check(maxTransfersPerClient >= 1, "max transfers per client must be at least 1", maxTransfersPerClient);
        check(transferThreads >= 1 && transferThreads <= MAX_TRANSFER_THREADS,
                "transfer threads must be 1.." + MAX_TRANSFER_THREADS, transferThreads);
        positive(retransmitTimeout, "retransmit timeout");
        positive(maxRetransmitTimeout, "max retransmit timeout");
        positive(maxTransferDuration, "max transfer duration");
        if (maxRetransmitTimeout.compareTo(retransmitTimeout) < 0) {
            throw new IllegalArgumentException("max retransmit timeout is shorter than the retransmit timeout");
        }
    }

    /** Port 69 on all addresses, one transfer thread per core, GSO when available, and the defaults above. */
    public static TftpServerConfig defaults() {
        return new TftpServerConfig(new InetSocketAddress(DEFAULT_PORT), DEFAULT_MAX_BLOCK_SIZE,
                DEFAULT_MAX_WINDOW_SIZE, DEFAULT_RETRANSMIT_TIMEOUT, DEFAULT_MAX_RETRANSMIT_TIMEOUT,
                DEFAULT_MAX_RETRIES, DEFAULT_MAX_TRANSFER_DURATION, DEFAULT_MAX_TRANSFERS,
                DEFAULT_MAX_TRANSFERS_PER_CLIENT, BlockNumbering.WRAP_TO_ZERO, defaultTransferThreads(), true);
    }

    /** One event loop per core the JVM may use (container limits included), within 1..{@value #MAX_TRANSFER_THREADS}. */
    public static int defaultTransferThreads() {
        return Math.min(MAX_TRANSFER_THREADS, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public TftpServerConfig withBindAddress(InetSocketAddress a) {
        return new TftpServerConfig(a, maxBlockSize, maxWindowSize, retransmitTimeout, maxRetransmitTimeout,
                maxRetries, maxTransferDuration, maxTransfers, maxTransfersPerClient, blockNumbering,
                transferThreads, segmentationOffload);
    }

    public TftpServerConfig withMaxBlockSize(int n) {
        return new TftpServerConfig(bindAddress, n, maxWindowSize, retransmitTimeout, maxRetransmitTimeout,
                maxRetries, maxTransferDuration, maxTransfers, maxTransfersPerClient, blockNumbering,
                transferThreads, segmentationOffload);
    }

    public TftpServerConfig withMaxWindowSize(int n) {
        return new TftpServerConfig(bindAddress, maxBlockSize, n, retransmitTimeout, maxRetransmitTimeout,
                maxRetries, maxTransferDuration, maxTransfers, maxTransfersPerClient, blockNumbering,
                transferThreads, segmentationOffload);
    }

    /** Retransmission: first timeout, backoff ceiling and retry cap. */
    public TftpServerConfig withRetransmission(Duration first, Duration ceiling, int retries) {
        return new TftpServerConfig(bindAddress, maxBlockSize, maxWindowSize, first, ceiling, retries,
                maxTransferDuration, maxTransfers, maxTransfersPerClient, blockNumbering,
                transferThreads, segmentationOffload);
    }

    public TftpServerConfig withMaxTransferDuration(Duration d) {
        return new TftpServerConfig(bindAddress, maxBlockSize, maxWindowSize, retransmitTimeout,
                maxRetransmitTimeout, maxRetries, d, maxTransfers, maxTransfersPerClient, blockNumbering,
                transferThreads, segmentationOffload);
    }

    /** Concurrency caps: all clients together, and per client address. */
    public TftpServerConfig withTransferLimits(int total, int perClient) {
        return new TftpServerConfig(bindAddress, maxBlockSize, maxWindowSize, retransmitTimeout,
                maxRetransmitTimeout, maxRetries, maxTransferDuration, total, perClient, blockNumbering,
                transferThreads, segmentationOffload);
    }

    public TftpServerConfig withBlockNumbering(BlockNumbering numbering) {
        return new TftpServerConfig(bindAddress, maxBlockSize, maxWindowSize, retransmitTimeout,
                maxRetransmitTimeout, maxRetries, maxTransferDuration, maxTransfers, maxTransfersPerClient, numbering,
                transferThreads, segmentationOffload);
    }

    /** Event loops for transfers (1..{@value #MAX_TRANSFER_THREADS}). */
    public TftpServerConfig withTransferThreads(int threads) {
        return new TftpServerConfig(bindAddress, maxBlockSize, maxWindowSize, retransmitTimeout,
                maxRetransmitTimeout, maxRetries, maxTransferDuration, maxTransfers, maxTransfersPerClient,
                blockNumbering, threads, segmentationOffload);
    }

    /** UDP segmentation offload for windows (used only where the native transport supports it). */
    public TftpServerConfig withSegmentationOffload(boolean enabled) {
        return new TftpServerConfig(bindAddress, maxBlockSize, maxWindowSize, retransmitTimeout,
                maxRetransmitTimeout, maxRetries, maxTransferDuration, maxTransfers, maxTransfersPerClient,
                blockNumbering, transferThreads, enabled);
    }

    private static void check(boolean ok, String message, int value) {
        if (!ok) {
            throw new IllegalArgumentException(message + ", got " + value);
        }
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
