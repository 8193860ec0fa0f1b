package dev.orchard.tftp.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An opened, readable file handed to one transfer. Its {@link #size()} comes from the opened descriptor
 * (fstat), not from the name, so a file replaced by rename mid-transfer keeps being served whole from the
 * old inode. Concurrent transfers of one file may share the descriptor; each calls {@link #release()} once.
 */
public interface ServedFile {

    /** The name to log (root-relative), never shown to the client. */
    String displayName();

    /** Size in octets, fixed when the file was opened. */
    long size();

    /**
     * Positional read (pread) into {@code dst}; returns the octets read, -1 at end of file. Thread-safe.
     * Fewer octets than asked before {@link #size()} means the file was truncated under us.
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /** This transfer is done with the file; the last release closes the descriptor. */
    void release();
}
