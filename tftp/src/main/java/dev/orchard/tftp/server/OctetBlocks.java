package dev.orchard.tftp.server;

import dev.orchard.tftp.spi.ServedFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Octet mode: block n is the file's bytes at (n − 1) × blksize. Blocks are copied out of a read-ahead
 * buffer that one pread refills with the next {@link #readAheadOctets} octets, so a lock-step transfer
 * makes one file system call per ~44 blocks instead of one per block, and a window is read in one or two
 * calls; the refill normally happens right after a window went out ({@link #prefetch}), off the ACK → DATA
 * path. The buffer is pooled direct memory held for the transfer's lifetime: memory stays flat in the
 * file size (at most {@value #MAX_READ_AHEAD} octets per transfer).
 *
 * <p>Truncation: a block past the file's current end makes the pread come up short, which raises
 * {@link FileChangedException}; the blocks already in the read-ahead buffer (at most one buffer's worth)
 * were read before the truncation and are served as they were.
 */
final class OctetBlocks implements BlockSource {

    static final int MIN_READ_AHEAD = 64 * 1024;
    static final int MAX_READ_AHEAD = 128 * 1024;

    private final ServedFile file;
    private final int blockSize;
    private final long lastBlock;
    private final int readAheadOctets;
    private final ByteBufAllocator alloc;
    private ByteBuf readAhead;
    private long readAheadStart;

    OctetBlocks(ServedFile file, int blockSize, int windowSize, ByteBufAllocator alloc) {
        this.file = file;
        this.blockSize = blockSize;
        this.alloc = alloc;
        // RFC 2348: a file that is an exact multiple of blksize ends with an empty block.
        this.lastBlock = file.size() / blockSize + 1;
        long window = (long) blockSize * windowSize;
        int wanted = (int) Math.min(MAX_READ_AHEAD, Math.max(MIN_READ_AHEAD, window));
        // whole blocks only, so that a block never straddles two refills; at least one block
        this.readAheadOctets = Math.max(blockSize, wanted / blockSize * blockSize);
    }

    @Override
    public int fill(long n, ByteBuf out) throws IOException {
        long position = (n - 1) * blockSize;
        int length = (int) Math.max(0, Math.min(blockSize, file.size() - position));
        if (length == 0) {
            return 0;
        }
        if (!holds(position, length)) {
            refill(position);
        }
        out.writeBytes(readAhead, (int) (position - readAheadStart), length);
        return length;
    }

    @Override
    public void prefetch(long from, long to) {
        long position = (from - 1) * blockSize;
        long end = Math.min(file.size(), to * blockSize);
        if (position >= end || holds(position, (int) Math.min(end - position, readAheadOctets))) {
            return;
        }
        try {
            refill(position);
        } catch (IOException e) {
            readAhead.writerIndex(0); // nothing held: the fill() that needs these blocks reads and reports again
        }
    }

    private boolean holds(long position, int length) {
        return readAhead != null && position >= readAheadStart
                && position + length <= readAheadStart + readAhead.writerIndex();
    }

    private void refill(long position) throws IOException {
        if (readAhead == null) {
            readAhead = alloc.directBuffer(readAheadOctets, readAheadOctets);
        }
        readAhead.clear();
        readAheadStart = position;
        int length = (int) Math.min(readAheadOctets, file.size() - position);
        ByteBuffer target = readAhead.nioBuffer(0, length);
        while (target.hasRemaining()) {
            int read = file.read(target, position + target.position());
            if (read <= 0) {
                throw new FileChangedException(file.displayName() + " is shorter than its size at open ("
                        + file.size() + " octets)");
            }
        }
        readAhead.writerIndex(length);
    }

    @Override
    public void close() {
        if (readAhead != null) {
            readAhead.release();
            readAhead = null;
        }
    }

    @Override
    public long lastBlock() {
        return lastBlock;
    }
}
