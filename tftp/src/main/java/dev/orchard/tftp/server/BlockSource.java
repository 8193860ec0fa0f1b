package dev.orchard.tftp.server;

import io.netty.buffer.ByteBuf;

import java.io.IOException;

/**
 * The payload of each DATA block of one transfer, produced on demand so memory stays flat in the file
 * size. A block is asked for again only after a retransmit, and never before the last acknowledged one.
 */
interface BlockSource {

    /** Appends the payload of block {@code n} (1-based) to {@code out}; returns its length (&lt; blksize: last). */
    int fill(long n, ByteBuf out) throws IOException;

    /** The last block number, or -1 while it is not known yet (netascii). */
    long lastBlock();

    /**
     * Blocks {@code from..to} are likely to be asked for next: a source may read them now, after a window
     * went out and before its ACK comes back, so the read is not on the ACK → DATA path. Best effort: a
     * failure here is raised again by the {@link #fill} that needs the block.
     */
    default void prefetch(long from, long to) {
    }

    /** Blocks up to {@code n} are acknowledged and will not be asked for again. */
    default void acknowledged(long n) {
    }

    /** The transfer ended: free what the source holds. Called once, on the transfer's event loop. */
    default void close() {
    }

    /** The file is shorter than when it was opened (truncated in place while we serve it). */
    final class FileChangedException extends IOException {
        FileChangedException(String message) {
            super(message);
        }
    }
}
