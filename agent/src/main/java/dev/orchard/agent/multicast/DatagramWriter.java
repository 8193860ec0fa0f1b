package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Manifest;
import dev.orchard.multicast.wire.ChunkDatagram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Puts the stream's payloads in place and keeps which slices of which chunk are there. The sender cuts every
 * chunk at multiples of {@link ChunkDatagram#MAX_PAYLOAD} (docs/multicast.md), so a datagram's slice is its offset
 * divided by that and its length must be exactly what that slice holds; anything else is refused.
 * <p>The stream sends a chunk's datagrams one after the other, so the receiving thread assembles the chunk it is
 * in, in memory (a copy per datagram, no system call); when the chunk is whole, or the stream moves to another
 * chunk, the buffer goes to this writer's own thread (the socket is never kept waiting on the disk), which
 * writes it — a whole chunk in one write, a chunk with holes in one write per run of slices — and verifies a
 * whole chunk by the manifest's sha256: from memory when the buffer holds all of it, else read back from the
 * target. Only a verified chunk counts; one that fails is forgotten (its slices come again on the next pass, or
 * by repair). A datagram is dropped (left to repair, counted) only when every buffer waits for the disk, or
 * when its chunk is being repaired (counted apart).
 * <p>Slices survive the loss of their neighbours, so a 4 MiB chunk of ~3,000 datagrams is not thrown away for
 * one lost datagram (at 2 % loss almost none would ever be whole): {@link SliceRepair} fetches just the missing
 * slices over HTTP — during the stream, on this writer's thread, as soon as the stream has left a chunk with
 * holes and nothing waits for the disk (so a lossy stream ends with its chunks verified, not with a repair of the
 * whole image after it), and again after the stream for what is left. Memory: {@value #BUFFERS} chunk buffers
 * and one to read back, whatever the image size.
 */
final class DatagramWriter implements AutoCloseable {

    /** Chunk buffers: one being assembled, the others queued for the disk. */
    static final int BUFFERS = 4;

    /** A buffer on its way to the disk: the slices it holds of {@code chunk}; {@code whole}: the chunk is now complete. */
    private record Job(int chunk, ByteBuffer buffer, BitSet slices, boolean whole) {
    }

    private static final Job END = new Job(-1, null, null, false);

    private final Manifest manifest;
    private final ChunkTarget target;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BitSet[] slices;
    private final long[] fromStream;
    private final BitSet verified = new BitSet();
    private final Thread thread;
    private final SliceRepair earlyRepair;
    /** Chunks the stream left with holes, to repair when the disk is idle (the writer's thread only). */
    private final ArrayDeque<Integer> toRepair = new ArrayDeque<>();
    /** Written under this lock by the receiving thread, read under it by the writer's (repair must not overlap). */
    private int assembling = -1;
    /** The chunk being repaired (-1: none): the receiving thread does not assemble it meanwhile. */
    private int repairing = -1;
    private ByteBuffer assembly;
    private BitSet assembled;
    private long multicastBytes;
    private long corrupt;
    private long dropped;
    private long misplaced;
    private long underRepair;
    /** Off after an early repair failed (the server is struggling): the repair after the stream does the rest. */
    private boolean earlyRepairOn = true;
    private volatile IOException failure;
    /** Every chunk verified: read on every datagram by the receiving thread, so without a lock. */
    private volatile boolean complete;

    DatagramWriter(Manifest manifest, Path target) throws IOException {
        this(manifest, target, null);
    }

    /** With {@code earlyRepair}: chunks the stream leaves with holes are repaired over HTTP while it goes on. */
    DatagramWriter(Manifest manifest, Path target, SliceRepair earlyRepair) throws IOException {
        this.manifest = manifest;
        this.earlyRepair = earlyRepair;
        this.target = new ChunkTarget(target, (int) manifest.chunkSize());
        this.slices = new BitSet[manifest.chunkCount()];
        this.fromStream = new long[manifest.chunkCount()];
        for (int i = 0; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocate((int) manifest.chunkSize()));
        }
        this.complete = manifest.chunkCount() == 0;
        this.thread = new Thread(this::run, "multicast-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Takes a datagram of this image's stream (on the receiving thread only); false when it was not kept:
     * misplaced, or dropped (left to repair) because the disk is behind.
     */
    boolean offer(ChunkDatagram d) {
        int c = d.chunkIndex();
        int length = (int) manifest.chunk(c).length();
        int expected = Math.min(ChunkDatagram.MAX_PAYLOAD, length - d.offsetInChunk());
        if (d.offsetInChunk() % ChunkDatagram.MAX_PAYLOAD != 0 || d.offsetInChunk() >= length || d.payload().length != expected) {
            synchronized (this) {
                misplaced++;
            }
            return false;
        }
        int slice = d.offsetInChunk() / ChunkDatagram.MAX_PAYLOAD;
        synchronized (this) {
            if (verified.get(c) || slices(c).get(slice)) {
                return true;
            }
        }
        if (c != assembling) {
            Start start = startAssembling(c);
            if (start != Start.STARTED) {
                synchronized (this) {
                    switch (start) {
                        case VERIFIED -> {
                            return true; // verified by its repair since the check above
                        }
                        case UNDER_REPAIR -> underRepair++;
                        default -> dropped++;
                    }
                }
                return false;
            }
        }
        assembly.put(d.offsetInChunk(), d.payload());
        assembled.set(slice);
        boolean whole;
        synchronized (this) {
            slices(c).set(slice);
            fromStream[c] += expected;
            whole = slices(c).cardinality() == sliceCount(c);
        }
        if (whole) {
            hand(true);
        }
        return true;
    }

    private enum Start { STARTED, NO_BUFFER, UNDER_REPAIR, VERIFIED }

    /** Sends the chunk being assembled (if any) to the disk and takes a buffer for {@code c}. */
    private Start startAssembling(int c) {
        hand(false);
        ByteBuffer b = failure == null ? free.poll() : null;
        if (b == null) {
            return Start.NO_BUFFER;
        }
        synchronized (this) {
            // checked with the repair's claim under this lock: a chunk is never assembled and repaired at once
            Start refused = repairing == c ? Start.UNDER_REPAIR : verified.get(c) ? Start.VERIFIED : null;
            if (refused != null) {
                free.add(b);
                return refused;
            }
            assembling = c;
        }
        assembly = b;
        assembled = new BitSet();
        return Start.STARTED;
    }

    private void hand(boolean whole) {
        if (assembly == null) {
            return;
        }
        synchronized (this) {
            // never blocks: there are as many job places as buffers
            jobs.add(new Job(assembling, assembly, assembled, whole));
            assembling = -1;
        }
        assembly = null;
        assembled = null;
    }

    synchronized boolean verified(int chunk) {
        return verified.get(chunk);
    }

    /** True once every chunk of the image is verified. */
    boolean complete() {
        return complete;
    }

    private void run() {
        try {
            while (true) {
                Job job = toRepair.isEmpty() ? jobs.poll(50, TimeUnit.MILLISECONDS) : jobs.poll();
                if (job == END) {
                    return; // what is left to repair is the after-stream repair's
                }
                if (job != null) {
                    try {
                        write(job);
                    } finally {
                        free.add(job.buffer().clear());
                    }
                } else if (!toRepair.isEmpty()) {
                    repairEarly(toRepair.poll());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            // never a silent end: drain() throws it, and the restore after the stream re-checks everything
            failure = new IOException("the multicast writer failed: " + e, e);
        }
    }

    private void write(Job job) throws IOException {
        int c = job.chunk();
        long chunkStart = manifest.chunk(c).offset();
        int length = (int) manifest.chunk(c).length();
        int count = sliceCount(c);
        BitSet have = job.slices();
        for (int s = have.nextSetBit(0); s >= 0; ) {
            int e = have.nextClearBit(s);
            int from = s * ChunkDatagram.MAX_PAYLOAD;
            int to = Math.min(length, e * ChunkDatagram.MAX_PAYLOAD);
            target.write(job.buffer().duplicate().limit(to).position(from), chunkStart + from, "writing chunk " + c);
            s = e >= count ? -1 : have.nextSetBit(e);
        }
        if (job.whole()) {
            if (have.cardinality() == count) {
                settle(c, job.buffer().duplicate().position(0).limit(length));
            } else {
                verify(c);
            }
        } else if (earlyRepair != null && earlyRepairOn && !toRepair.contains(c)) {
            toRepair.add(c); // the stream moved on and left holes
        }
    }

    /**
     * Repairs chunk {@code c} while the stream goes on, unless the stream is on it again or it waits for the
     * disk (the check and {@link #hand} hold this lock, so every byte of it handed so far is written: the disk
     * is what the read-back verification sees); meanwhile the receiving thread does not assemble it.
     */
    private void repairEarly(int c) throws IOException {
        synchronized (this) {
            if (verified.get(c) || assembling == c || jobs.stream().anyMatch(j -> j.chunk() == c)) {
                return;
            }
            repairing = c;
        }
        SliceRepair.Result r;
        try {
            // between its requests it gives way to the stream's buffers: the disk must not fall behind
            r = earlyRepair.repairChunk(this, c, jobs::isEmpty);
        } catch (RuntimeException e) {
            r = SliceRepair.Result.FAILED;
        } finally {
            synchronized (this) {
                repairing = -1;
            }
        }
        if (r == SliceRepair.Result.YIELDED) {
            toRepair.add(c);
        } else if (r == SliceRepair.Result.FAILED) {
            earlyRepairOn = false; // one slow or failing server answer must not cost the rest of the stream
            toRepair.clear();
        }
    }

    /** Reads chunk {@code c} back and checks its sha256; true when it now counts. */
    boolean verify(int c) throws ChunkTarget.TargetException {
        int length = (int) manifest.chunk(c).length();
        return settle(c, target.readBack(manifest.chunk(c).offset(), length, "reading chunk " + c + " back"));
    }

    /** Counts chunk {@code c} when {@code bytes} (all of it) match the manifest, else forgets its slices. */
    private boolean settle(int c, ByteBuffer bytes) {
        boolean ok = target.matches(bytes, manifest.chunk(c).sha256());
        synchronized (this) {
            if (!ok) {
                corrupt++;
                slices(c).clear();
                fromStream[c] = 0;
            } else if (!verified.get(c)) { // counted once, whatever verified it again
                verified.set(c);
                multicastBytes += fromStream[c];
                complete = verified.cardinality() == manifest.chunkCount();
            }
        }
        return ok;
    }

    /** Writes repaired bytes at {@code position} and marks the slices they cover. */
    void writeRepair(int c, ByteBuffer bytes, long position) throws ChunkTarget.TargetException {
        long chunkStart = manifest.chunk(c).offset();
        int first = (int) ((position - chunkStart) / ChunkDatagram.MAX_PAYLOAD);
        int last = (int) ((position - chunkStart + bytes.remaining() - 1) / ChunkDatagram.MAX_PAYLOAD);
        target.write(bytes, position, "writing repaired bytes of chunk " + c);
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

    /**
     * Sends the chunk being assembled to the disk, writes what is queued and stops the thread (on the receiving
     * thread, after the stream); the writer then serves {@link SliceRepair} on the caller's.
     */
    void drain() throws IOException, InterruptedException {
        hand(false);
        jobs.put(END);
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    /** Forces the target and says what it holds. */
    synchronized Totals totals() throws IOException {
        target.force();
        return new Totals((BitSet) verified.clone(), multicastBytes, corrupt, dropped, misplaced, underRepair);
    }

    /** {@code dropped}: the disk was behind; {@code underRepair}: its chunk's holes were being fetched over HTTP. */
    record Totals(BitSet verified, long multicastBytes, long corrupt, long dropped, long misplaced, long underRepair) {
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        target.close();
    }
}
