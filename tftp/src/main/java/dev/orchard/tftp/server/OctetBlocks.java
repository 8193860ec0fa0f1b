package dev.orchard.tftp.server;

import dev.orchard.tftp.spi.ServedFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Octet mode: block n is the file's bytes at (n − 1) × blksize. A window is read with one pread into a
 * pooled buffer (at most {@value #MAX_WINDOW_READ} octets) and each packet copies its block from there: one
 * system call per window instead of one per block, which is what a single event loop spends most on.
 */
final class OctetBlocks implements BlockSource {

    static final int MAX_WINDOW_READ = 256 * 1024;

    private final ServedFile file;
    private final int blockSize;
    private final long lastBlock;
    private ByteBuf window;
    private long windowFirst;
    private long windowLast;

    OctetBlocks(ServedFile file, int blockSize) {
        this.file = file;
        this.blockSize = blockSize;
        // RFC 2348: a file that is an exact multiple of blksize ends with an empty block.
        this.lastBlock = file.size() / blockSize + 1;
    }

    @Override
    public void prepare(long from, long to, ByteBufAllocator alloc) throws IOException {
        close();
        long last = Math.min(to, from + MAX_WINDOW_READ / blockSize - 1);
        long position = (from - 1) * blockSize;
        int length = (int) Math.max(0, Math.min((last - from + 1) * blockSize, file.size() - position));
        if (last <= from || length == 0) {
            return; // one block: the direct read below is as good
        }
        ByteBuf buf = alloc.directBuffer(length);
        try {
            read(buf, position, length);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
        window = buf;
        windowFirst = from;
        windowLast = last;
    }

    @Override
    public void close() {
        if (window != null) {
            window.release();
            window = null;
        }
    }

    @Override
    public int fill(long n, ByteBuf out) throws IOException {
        long position = (n - 1) * blockSize;
        int length = (int) Math.max(0, Math.min(blockSize, file.size() - position));
        if (window != null && n >= windowFirst && n <= windowLast) {
            out.writeBytes(window, (int) ((n - windowFirst) * blockSize), length);
            return length;
        }
        read(out, position, length);
        return length;
    }

    private void read(ByteBuf out, long position, int length) throws IOException {
        out.ensureWritable(length);
        ByteBuffer target = out.nioBuffer(out.writerIndex(), length);
        while (target.hasRemaining()) {
            int read = file.read(target, position + target.position());
            if (read <= 0) {
                throw new FileChangedException(file.displayName() + " is shorter than its size at open ("
                        + file.size() + " octets)");
            }
        }
        out.writerIndex(out.writerIndex() + length);
    }

    @Override
    public long lastBlock() {
        return lastBlock;
    }
}
