package dev.orchard.http.files;

import io.netty.util.internal.PlatformDependent;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One open file version shared by the responses that send it and by the {@link OpenFileCache}: the
 * descriptor is closed, and its residency mappings unmapped, when the last holder releases it.
 * <p>Residency ({@link #resident}) is asked with {@code mincore(2)} through {@link MappedByteBuffer#isLoaded()}
 * on read-only mappings of 1 GiB windows that are made once per file version and never touched, so a probe
 * costs one system call and never waits for the disk (see {@link PageCache}).
 */
final class SharedFile {

    private static final int WINDOW_SHIFT = 30;

    private final Path path;
    private final FileChannel channel;
    private final FileVersion version;
    private final Object inode;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicReferenceArray<MappedByteBuffer> windows;
    private volatile long validatedAt;

    SharedFile(Path path, FileChannel channel, FileVersion version, Object inode, long now) {
        this.path = path;
        this.channel = channel;
        this.version = version;
        this.inode = inode;
        this.validatedAt = now;
        this.windows = new AtomicReferenceArray<>((int) ((version.length() >>> WINDOW_SHIFT) + 1));
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    FileVersion version() {
        return version;
    }

    Object inode() {
        return inode;
    }

    long validatedAt() {
        return validatedAt;
    }

    void validated(long now) {
        validatedAt = now;
    }

    /** Takes a reference unless the file was already closed. */
    boolean retain() {
        for (;;) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            synchronized (windows) {
                for (int i = 0; i < windows.length(); i++) {
                    MappedByteBuffer m = windows.getAndSet(i, null);
                    if (m != null) {
                        PlatformDependent.freeDirectBuffer(m);
                    }
                }
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // a read-only descriptor: nothing to lose
            }
        }
    }

    /** True when every page of the range is cached; false when not or unsure. Caller holds a reference. */
    boolean resident(long position, int length) {
        if (length <= 0) {
            return true;
        }
        long end = position + length;
        if (end > version.length()) {
            return false;
        }
        for (long p = position; p < end; ) {
            int w = (int) (p >>> WINDOW_SHIFT);
            long windowStart = (long) w << WINDOW_SHIFT;
            long upTo = Math.min(end, windowStart + (1L << WINDOW_SHIFT));
            MappedByteBuffer window = window(w, windowStart);
            if (window == null || !window.slice((int) (p - windowStart), (int) (upTo - p)).isLoaded()) {
                return false;
            }
            p = upTo;
        }
        return true;
    }

    private MappedByteBuffer window(int w, long start) {
        MappedByteBuffer m = windows.get(w);
        if (m != null) {
            return m;
        }
        synchronized (windows) {
            if (windows.get(w) == null && refs.get() > 0) {
                long size = Math.min(version.length() - start, 1L << WINDOW_SHIFT);
                try {
                    windows.set(w, channel.map(FileChannel.MapMode.READ_ONLY, start, size));
                } catch (IOException | RuntimeException e) {
                    return null; // truncated meanwhile, or unmappable: the caller reads on a worker
                }
            }
            return windows.get(w);
        }
    }
}
