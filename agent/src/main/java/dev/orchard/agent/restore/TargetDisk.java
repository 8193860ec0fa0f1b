package dev.orchard.agent.restore;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The restore target: a regular file (created when missing) or a block device. Aligned writes go through
 * an O_DIRECT channel when the file system takes it (no page cache, so nothing piles up to flush at the
 * end); unaligned tails and reads go through a plain channel. Thread-safe: positional I/O only.
 */
final class TargetDisk implements AutoCloseable {

    private final Path path;
    private final boolean regularFile;
    private final FileChannel plain;
    private volatile FileChannel direct;
    private final int alignment;

    private TargetDisk(Path path, boolean regularFile, FileChannel plain, FileChannel direct, int alignment) {
        this.path = path;
        this.regularFile = regularFile;
        this.plain = plain;
        this.direct = direct;
        this.alignment = alignment;
    }

    /**
     * Opens {@code path} for an image of {@code imageSize} bytes; a device must be at least that big and a
     * file's file system must have the room.
     */
    static TargetDisk open(Path path, long imageSize, RestoreOptions.DirectIo directIo) throws RestoreException {
        boolean exists = Files.exists(path);
        boolean regular = !exists || Files.isRegularFile(path);
        FileChannel plain = null;
        try {
            if (regular) {
                Path parent = path.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                long have = exists ? Files.size(path) : 0;
                long usable = Files.getFileStore(parent).getUsableSpace();
                if (imageSize - Math.min(have, imageSize) > usable) {
                    throw new RestoreException(RestoreException.Kind.TARGET, "target " + path + ": the image needs "
                            + imageSize + " bytes, the file system has " + (usable + have) + " available");
                }
                plain = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } else {
                plain = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                long capacity = plain.size();
                // 0: the system does not say (a raw disk on macOS); the macOS backend checks with diskutil
                if (capacity > 0 && capacity < imageSize) {
                    throw new RestoreException(RestoreException.Kind.TARGET, "target device " + path + " holds "
                            + capacity + " bytes, the image needs " + imageSize);
                }
            }
            FileChannel direct = directIo == RestoreOptions.DirectIo.OFF ? null : openDirect(path, directIo);
            return new TargetDisk(path, regular, plain, direct, RestoreOptions.ALIGNMENT);
        } catch (IOException e) {
            closeQuietly(plain);
            throw new RestoreException(RestoreException.Kind.TARGET, "cannot open target " + path + ": " + e.getMessage(), e);
        } catch (RestoreException e) {
            closeQuietly(plain);
            throw e;
        }
    }

    private static FileChannel openDirect(Path path, RestoreOptions.DirectIo mode) throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            if (mode == RestoreOptions.DirectIo.ON) {
                throw new IOException("O_DIRECT is not possible on " + path + ": " + e.getMessage(), e);
            }
            return null;
        }
    }

    Path path() {
        return path;
    }

    boolean regularFile() {
        return regularFile;
    }

    boolean directIo() {
        return direct != null;
    }

    /** Bytes currently in the file (a device: its capacity). */
    long currentSize() throws IOException {
        return plain.size();
    }

    /**
     * Writes all of {@code data} at {@code position}: the aligned part through O_DIRECT when possible, the
     * rest through the page cache. A file system that refuses O_DIRECT at the first write (EINVAL) turns
     * it off for the rest of the restore.
     */
    void write(ByteBuffer data, long position) throws IOException {
        FileChannel d = direct;
        if (d != null && position % alignment == 0) {
            int aligned = data.remaining() / alignment * alignment;
            if (aligned > 0) {
                ByteBuffer head = data.duplicate();
                head.limit(head.position() + aligned);
                try {
                    writeFully(d, head, position);
                    data.position(data.position() + aligned);
                    position += aligned;
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).contains("Invalid argument")) {
                        throw e;
                    }
                    direct = null;
                    closeQuietly(d);
                }
            }
        }
        writeFully(plain, data, position);
    }

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; fewer only at the end of the file. */
    int read(ByteBuffer dst, long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = plain.read(dst, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Makes what was written durable (fdatasync; on a device it also flushes the drive's cache). */
    void force() throws IOException {
        plain.force(false);
    }

    /** A regular file longer than the image (an earlier, bigger image) is cut to the image's size. */
    void finish(long imageSize) throws IOException {
        if (regularFile && plain.size() > imageSize) {
            plain.truncate(imageSize);
        }
        force();
    }

    private static void writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += channel.write(data, at);
        }
    }

    @Override
    public void close() {
        closeQuietly(direct);
        closeQuietly(plain);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
