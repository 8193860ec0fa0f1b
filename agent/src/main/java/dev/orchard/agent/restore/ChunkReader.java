package dev.orchard.agent.restore;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.ManifestChunk;
import dev.orchard.agent.api.Sha256Hex;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads a run of chunks into pool buffers and verifies each chunk's sha256 as its last byte arrives
 * (the hashing happens here, on the reading thread, while the writer and hasher threads work on earlier
 * buffers). Full buffers go to the pipeline; when something goes wrong only the verified prefix of the
 * current buffer does. The same loop reads from the network (write = true) and re-reads the target to
 * check what a crashed run left (write = false).
 */
final class ChunkReader {

    /** Where the bytes come from: the body of a response, or the target itself. */
    interface ByteSource {
        /** Reads into {@code dst} the bytes at image offset {@code position}; -1 at the end. */
        int read(ByteBuffer dst, long position) throws IOException;
    }

    private final Manifest manifest;
    private final byte[][] expected;
    private final BufferPool pool;
    private final SlicePipeline pipeline;
    private final RestoreListener listener;
    private final RestoreCounters counters;
    private final MessageDigest chunkDigest;

    ChunkReader(Manifest manifest, byte[][] expected, BufferPool pool, SlicePipeline pipeline, RestoreListener listener,
                RestoreCounters counters, MessageDigest chunkDigest) {
        this.manifest = manifest;
        this.expected = expected;
        this.pool = pool;
        this.pipeline = pipeline;
        this.listener = listener;
        this.counters = counters;
        this.chunkDigest = chunkDigest;
    }

    /**
     * Reads and verifies chunks {@code [first, end)} from {@code source}.
     *
     * @throws ChunkMismatchException the first chunk whose digest is wrong (earlier ones are dispatched)
     * @throws BrokenStreamException  the source failed or ended early, with the first unverified chunk
     */
    void read(ByteSource source, int first, int end, boolean write)
            throws ChunkMismatchException, BrokenStreamException, InterruptedException {
        read(source, first, end, write, true);
    }

    /**
     * As {@link #read(ByteSource, int, int, boolean)}; with {@code checkDigests} false the chunks' digests are
     * not computed: for chunks this run already verified by sha256 on their way to the target (multicast), which
     * are re-read only for the whole image's digest.
     */
    void read(ByteSource source, int first, int end, boolean write, boolean checkDigests)
            throws ChunkMismatchException, BrokenStreamException, InterruptedException {
        int chunk = first;
        ManifestChunk current = manifest.chunk(chunk);
        long chunkLeft = current.length();
        long position = current.offset();
        chunkDigest.reset();
        ByteBuffer buffer = null;
        long bufferPosition = 0;
        int verifiedEnd = 0;
        int[] verified = new int[8];
        int verifiedCount = 0;
        try {
            while (chunk < end) {
                if (buffer == null) {
                    buffer = pool.take(() -> pipeline.failure() != null);
                    bufferPosition = position;
                    verifiedEnd = 0;
                    verifiedCount = 0;
                }
                int start = buffer.position();
                buffer.limit(start + (int) Math.min(pool.bufferBytes() - start, chunkLeft));
                int n = source.read(buffer, position);
                if (n < 0) {
                    throw new EOFException("the data ended at offset " + position + ", inside chunk " + chunk);
                }
                if (write) {
                    counters.bytesFetched += n;
                }
                if (checkDigests) {
                    chunkDigest.update(buffer.duplicate().position(start).limit(start + n));
                }
                position += n;
                chunkLeft -= n;
                if (chunkLeft == 0) {
                    String actual = checkDigests ? verify(current) : null;
                    if (actual != null) {
                        dispatch(buffer, bufferPosition, verifiedEnd, write, verified, verifiedCount);
                        buffer = null;
                        throw new ChunkMismatchException(current, actual);
                    }
                    if (verifiedCount == verified.length) {
                        verified = Arrays.copyOf(verified, verifiedCount * 2);
                    }
                    verified[verifiedCount++] = chunk;
                    verifiedEnd = buffer.position();
                    counters.bytesVerified += current.length();
                    if (!write) {
                        counters.bytesReused += current.length();
                    }
                    listener.chunkVerified(chunk, counters.bytesVerified, manifest.size());
                    chunk++;
                    if (chunk < end) {
                        current = manifest.chunk(chunk);
                        chunkLeft = current.length();
                    }
                }
                if (buffer.position() == pool.bufferBytes() || chunk == end) {
                    dispatch(buffer, bufferPosition, buffer.position(), write, verified, verifiedCount);
                    buffer = null;
                }
            }
        } catch (IOException e) {
            if (buffer != null) {
                dispatch(buffer, bufferPosition, verifiedEnd, write, verified, verifiedCount);
            }
            throw new BrokenStreamException(chunk, e);
        }
    }

    /** Null when the chunk's digest matches, else the actual digest in hex. */
    private String verify(ManifestChunk chunk) {
        byte[] actual = chunkDigest.digest();
        return MessageDigest.isEqual(actual, expected[chunk.index()]) ? null : Sha256Hex.of(actual);
    }

    /** Sends {@code buffer[0, length)} on, or returns the buffer to the pool when there is nothing to send. */
    private void dispatch(ByteBuffer buffer, long position, int length, boolean write, int[] verified, int count) {
        if (length == 0) {
            pool.give(buffer);
            return;
        }
        pipeline.submit(new Slice(position, buffer, length, write, Arrays.copyOf(verified, count), pool));
    }
}
