package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.BlockNumbering;
import dev.orchard.tftp.codec.TftpOptions;

import java.net.InetSocketAddress;

/**
 * What one read transfer was agreed to be.
 *
 * @param peer              the client's address and port (its TID)
 * @param oack              the OACK to send first, or empty (then DATA 1 goes first)
 * @param blockSize         negotiated blksize
 * @param windowSize        negotiated windowsize
 * @param firstTimeoutNanos first retransmission timeout
 * @param maxTimeoutNanos   ceiling of the exponential backoff
 * @param maxRetries        timeouts in a row before giving up
 * @param maxDurationNanos  whole-transfer limit
 * @param numbering         what follows block 65535
 */
record TransferParameters(InetSocketAddress peer, TftpOptions oack, int blockSize, int windowSize,
                          long firstTimeoutNanos, long maxTimeoutNanos, int maxRetries, long maxDurationNanos,
                          BlockNumbering numbering) {
}
