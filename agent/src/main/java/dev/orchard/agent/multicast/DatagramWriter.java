package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.Sha256Hex;
import dev.orchard.multicast.wire.ChunkDatagram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes each datagram's payload at its place on the target as it arrives, on its own thread (the socket is
 * never kept waiting on the disk), and keeps which slices of which chunk are there. The sender cuts every chunk
 * at multiples of {@link ChunkDatagram#MAX_PAYLOAD} (docs/multicast.md), so a datagram's slice is its offset
 * divided by that and its length must be exactly what that slice holds; anything else is refused. When a
 * chunk's last slice is written, the chunk is read back and verified by the manifest's sha256: only then does
 * it count, and a chunk that fails is forgotten (its slices come again on the next pass, or by repair).
 * <p>Slices survive the loss of their neighbours, so a 4 MiB chunk of ~3,000 datagrams is not thrown away for
 * one lost datagram (at 2 % loss almost none would ever be whole): {@link SliceRepair} fetches just the missing
 * slices over HTTP. Memory: the queue and one chunk buffer, whatever the image size.
 */
final class DatagramWriter implements AutoCloseable {

    private static final ChunkDatagram END = null;

    private final Manifest manifest;
    private final FileChannel target;
    private final BlockingQueue<ChunkDatagram> queue = new ArrayBlockingQueue<>(8192);
    private final BitSet[] slices;
    private final long[] fromStream;
    private final BitSet verified = new BitSet();
    private final MessageDigest sha256 = sha256();
    private final ByteBuffer chunkBuffer;
    private final Thread thread;
    private long multicastBytes;
    private long corrupt;
    private long dropped;
    private long misplaced;
    private volatile IOException failure;
    private volatile boolean ending;

    DatagramWriter(Manifest manifest, Path target) throws IOException {
        this.manifest = manifest;
        this.target = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.slices = new BitSet[manifest.chunkCount()];
        this.fromStream = new long[manifest.chunkCount()];
        this.chunkBuffer = ByteBuffer.allocate((int) manifest.chunkSize());
        this.thread = new Thread(this::run, "multicast-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Hands over a datagram of this image's stream; false (dropped, left to repair) when the writer is behind. */
    boolean offer(ChunkDatagram d) {
        if (failure != null || !queue.offer(d)) {
            synchronized (this) {
                dropped++;
            }
            return false;
        }
        return true;
    }

    synchronized boolean verified(int chunk) {
        return verified.get(chunk);
    }

    synchronized int verifiedCount() {
        return verified.cardinality();
    }

    private void run() {
        try {
            while (true) {
                ChunkDatagram d = queue.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (d == END) {
                    if (ending) {
                        return;
                    }
                    continue;
                }
                write(d);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure = e;
        }
    }

    private void write(ChunkDatagram d) throws IOException {
        int c = d.chunkIndex();
        int length = (int) manifest.chunk(c).length();
        int expected = Math.min(ChunkDatagram.MAX_PAYLOAD, length - d.offsetInChunk());
        if (d.offsetInChunk() % ChunkDatagram.MAX_PAYLOAD != 0 || d.offsetInChunk() >= length || d.payload().length != expected) {
            synchronized (this) {
                misplaced++;
            }
            return;
        }
        int slice = d.offsetInChunk() / ChunkDatagram.MAX_PAYLOAD;
        synchronized (this) {
            if (verified.get(c) || slices(c).get(slice)) {
                return;
            }
        }
        writeFully(ByteBuffer.wrap(d.payload()), manifest.chunk(c).offset() + d.offsetInChunk());
        boolean whole;
        synchronized (this) {
            slices(c).set(slice);
            fromStream[c] += expected;
            whole = slices(c).cardinality() == sliceCount(c);
        }
        if (whole) {
            verify(c);
        }
    }

    /** Reads chunk {@code c} back and checks its sha256; true when it now counts. */
    boolean verify(int c) throws IOException {
        int length = (int) manifest.chunk(c).length();
        chunkBuffer.clear().limit(length);
        long at = manifest.chunk(c).offset();
        while (chunkBuffer.hasRemaining()) {
            if (target.read(chunkBuffer, at + chunkBuffer.position()) < 0) {
                break;
            }
        }
        chunkBuffer.flip();
        sha256.update(chunkBuffer);
        boolean ok = MessageDigest.isEqual(sha256.digest(), Sha256Hex.toBytes(manifest.chunk(c).sha256()));
        synchronized (this) {
            if (ok) {
                verified.set(c);
                multicastBytes += fromStream[c];
            } else {
                corrupt++;
                slices(c).clear();
                fromStream[c] = 0;
            }
        }
        return ok;
    }

    /** Writes repaired bytes at {@code position} and marks the slices they cover. */
    void writeRepair(int c, ByteBuffer bytes, long position) throws IOException {
        long chunkStart = manifest.chunk(c).offset();
        int first = (int) ((position - chunkStart) / ChunkDatagram.MAX_PAYLOAD);
        int last = (int) ((position - chunkStart + bytes.remaining() - 1) / ChunkDatagram.MAX_PAYLOAD);
        writeFully(bytes, position);
        synchronized (this) {
            slices(c).set(first, last + 1);
        }
    }

    /** The slices of chunk {@code c} not received (a copy). */
    synchronized BitSet missing(int c) {
        BitSet m = new BitSet();
        m.set(0, sliceCount(c));
        m.andNot(slices(c));
        return m;
    }

    synchronized int received(int c) {
        return slices(c).cardinality();
    }

    int sliceCount(int c) {
        return (int) ((manifest.chunk(c).length() + ChunkDatagram.MAX_PAYLOAD - 1) / ChunkDatagram.MAX_PAYLOAD);
    }

    private BitSet slices(int c) {
        if (slices[c] == null) {
            slices[c] = new BitSet();
        }
        return slices[c];
    }

    private void writeFully(ByteBuffer b, long position) throws IOException {
        long at = position - b.position();
        while (b.hasRemaining()) {
            target.write(b, at + b.position());
        }
    }

    /** Writes what is queued and stops the thread; the writer then serves {@link SliceRepair} on the caller's. */
    void drain() throws IOException, InterruptedException {
        ending = true;
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    /** Forces the target and says what it holds. */
    synchronized Totals totals() throws IOException {
        target.force(false);
        return new Totals((BitSet) verified.clone(), multicastBytes, corrupt, dropped, misplaced);
    }

    record Totals(BitSet verified, long multicastBytes, long corrupt, long dropped, long misplaced) {
    }

    @Override
    public void close() throws IOException {
        ending = true;
        thread.interrupt();
        target.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
