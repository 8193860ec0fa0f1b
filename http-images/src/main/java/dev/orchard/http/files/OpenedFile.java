package dev.orchard.http.files;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file opened for one response, with the validators of exactly the bytes behind its descriptor. An atomic
 * rename of the path while we serve leaves the descriptor on the old inode, so the response stays whole and
 * consistent. The descriptor may be shared with other responses through the {@link OpenFileCache};
 * {@link #close()} gives this response's reference back (once).
 */
public final class OpenedFile implements AutoCloseable {

    private final SharedFile shared;
    private boolean closed;

    OpenedFile(SharedFile shared) {
        this.shared = shared;
    }

    SharedFile shared() {
        return shared;
    }

    public Path path() {
        return shared.path();
    }

    public FileChannel channel() {
        return shared.channel();
    }

    public FileVersion version() {
        return shared.version();
    }

    /**
     * True when every page of the range is in the page cache ({@code mincore}); false when not, or unsure.
     * Never blocks on the disk, so it may be asked on an event loop.
     */
    public boolean resident(long position, int length) {
        return shared.resident(position, length);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            shared.release();
        }
    }
}
