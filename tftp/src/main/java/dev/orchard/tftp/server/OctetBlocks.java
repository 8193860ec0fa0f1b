package dev.orchard.tftp.server;

import dev.orchard.tftp.spi.ServedFile;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Octet mode: block n is the file's bytes at (n − 1) × blksize, read with pread straight into the packet. */
final class OctetBlocks implements BlockSource {

    private final ServedFile file;
    private final int blockSize;
    private final long lastBlock;

    OctetBlocks(ServedFile file, int blockSize) {
        this.file = file;
        this.blockSize = blockSize;
        // RFC 2348: a file that is an exact multiple of blksize ends with an empty block.
        this.lastBlock = file.size() / blockSize + 1;
    }

    @Override
    public int fill(long n, ByteBuf out) throws IOException {
        long position = (n - 1) * blockSize;
        int length = (int) Math.max(0, Math.min(blockSize, file.size() - position));
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
        return length;
    }

    @Override
    public long lastBlock() {
        return lastBlock;
    }
}
