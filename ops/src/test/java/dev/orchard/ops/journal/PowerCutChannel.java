package dev.orchard.ops.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A segment file's channel on a {@link PowerCutDisk}: every call first asks the disk whether the power is
 * still on (and whether this call fails by injection); writes reach the real file (the page cache) but
 * become durable only through a successful {@link #force}, which records the file's content as what a
 * power cut keeps. A failed {@code force} loses the dirty bytes for good, as Linux does after a failed
 * writeback: they stay missing from the durable content, even through later successful forces, until
 * they are written again.
 */
final class PowerCutChannel extends FileChannel {

    private final FileChannel file;
    private final PowerCutDisk disk;
    private final PowerCutDisk.Node node;

    PowerCutChannel(FileChannel file, PowerCutDisk disk, PowerCutDisk.Node node) {
        this.file = file;
        this.disk = disk;
        this.node = node;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        disk.before("write", node.path());
        long at = file.position();
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        long allowed = disk.injectedWriteFailure() ? disk.partOf(total) : total;
        long written = 0;
        for (int i = offset; i < offset + length && written < allowed; i++) {
            ByteBuffer b = srcs[i];
            int n = (int) Math.min(b.remaining(), allowed - written);
            ByteBuffer part = b.duplicate();
            part.limit(part.position() + n);
            while (part.hasRemaining()) {
                written += file.write(part);
            }
            b.position(b.position() + n);
        }
        node.written(at, at + written);
        if (written < total) {
            throw new IOException("injected write failure after " + written + " of " + total + " bytes");
        }
        return written;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        disk.before("write", node.path());
        int n = file.write(src, position);
        node.written(position, position + n);
        return n;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        disk.before("force", node.path());
        if (disk.injectedForceFailure()) {
            node.writebackFailed(file.size());
            throw new IOException("injected fsync failure");
        }
        file.force(metaData);
        node.forced();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        disk.before("truncate", node.path());
        file.truncate(size);
        node.truncated(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("not modelled");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("not modelled");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("not modelled");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("not modelled");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("not modelled");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
