package dev.orchard.http.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One opened block image and its manifest, as the file server serves them: what a multicast stream loops
 * over. Positional reads only, so the sender needs no lock.
 */
public interface ImageChunks extends AutoCloseable {

    ImageManifest manifest();

    /** Reads into {@code dst} from {@code position}; -1 at the end, like {@code FileChannel.read}. */
    int read(ByteBuffer dst, long position) throws IOException;

    @Override
    void close() throws IOException;
}
