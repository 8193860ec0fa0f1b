package dev.orchard.tftp.server;

import dev.orchard.tftp.codec.NetasciiEncoder;
import dev.orchard.tftp.spi.ServedFile;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Netascii mode: blocks are the converted stream (LF → CR LF, CR → CR NUL), which is not random-access, so
 * the encoder's cursor at the start of every block since the last ACK is remembered. That is what lets a
 * window be resent from any block after a timeout (RFC 7440 §4) without buffering the window's bytes.
 */
final class NetasciiBlocks implements BlockSource {

    private final ServedFile file;
    private final int blockSize;
    private final byte[] source;
    private final byte[] encoded;
    private final Map<Long, NetasciiEncoder.Cursor> cursors = new HashMap<>();
    private long lastBlock = -1;

    NetasciiBlocks(ServedFile file, int blockSize) {
        this.file = file;
        this.blockSize = blockSize;
        this.source = new byte[blockSize];
        this.encoded = new byte[blockSize];
        cursors.put(1L, NetasciiEncoder.Cursor.START);
    }

    @Override
    public int fill(long n, ByteBuf out) throws IOException {
        NetasciiEncoder.Cursor at = cursors.get(n);
        if (at == null) {
            throw new IllegalStateException("netascii block " + n + " asked out of order");
        }
        int want = (int) Math.min(blockSize, file.size() - at.sourceOffset());
        ByteBuffer target = ByteBuffer.wrap(source, 0, Math.max(0, want));
        while (target.hasRemaining()) {
            int read = file.read(target, at.sourceOffset() + target.position());
            if (read <= 0) {
                throw new FileChangedException(file.displayName() + " is shorter than its size at open");
            }
        }
        NetasciiEncoder.Step step = NetasciiEncoder.encode(at, source, Math.max(0, want), encoded, 0, blockSize);
        out.writeBytes(encoded, 0, step.produced());
        cursors.put(n + 1, step.next());
        if (step.produced() < blockSize) {
            lastBlock = n;
        }
        return step.produced();
    }

    @Override
    public long lastBlock() {
        return lastBlock;
    }

    @Override
    public void acknowledged(long n) {
        cursors.keySet().removeIf(block -> block <= n);
    }
}
