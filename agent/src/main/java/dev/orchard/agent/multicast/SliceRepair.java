package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.transfer.ByteSpan;
import dev.orchard.agent.transfer.MultipartByteranges;
import dev.orchard.agent.transfer.RangeOpener;
import dev.orchard.agent.transfer.RangeResponse;
import dev.orchard.agent.transfer.ResourceChangedException;
import dev.orchard.multicast.wire.ChunkDatagram;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Completes chunks the stream left with holes: for each chunk that holds at least half its slices, the missing
 * slices are fetched with ranged GETs (RFC 9110 §14; a gap of one received slice is fetched across; up to
 * {@value #MAX_RANGES} runs per request, as {@code multipart/byteranges}), written, and the chunk verified by sha256. Chunks with less than that, and any chunk whose repair fails,
 * are left to the HTTP restore, which fetches whole chunks in one request per run. A failure of the network or
 * the server is never an error here (the restore after it fetches what is missing); a failure of the target is.
 */
final class SliceRepair {

    /**
     * Missing slices this close (2: one received slice between them) are fetched as one range with what lies
     * between. Wider merging saves requests but fetches received bytes again: at 2 % loss, a gap of 16 fetched
     * three times the missing bytes (bench at c9b8a70: 7.57 MB repaired for ~2.6 MB lost), which 30 Macs pay on
     * the server's link; with 2 the overhead is ~2 % and a 4 MiB chunk still takes ~4 requests of 16 runs.
     */
    static final int MERGE_GAP = 2;

    /**
     * Runs asked in one GET (RFC 9110 §14.1.2, answered as {@code multipart/byteranges}): the most Orchard's
     * server honours ({@code ServerLimits.DEFAULTS.maxRanges}); a server that ignores them answers 200, which is
     * not read, and the repair asks one run per request from then on.
     */
    static final int MAX_RANGES = 16;

    /** Room for a part's delimiter and headers in a multi-range answer (Orchard's and nginx's are ~100 bytes). */
    private static final int PART_OVERHEAD = 512;

    private final Manifest manifest;
    private final RangeOpener opener;
    private final URI imageUrl;
    private final String ifRange;
    private boolean manyRanges;
    private long bytesFetched;
    private long requests;
    /** Written by one thread at a time (the writer's during the stream, then the caller's, after a join). */
    private volatile int chunksCompleted;

    SliceRepair(Manifest manifest, RangeOpener opener, URI imageUrl) {
        this.manifest = manifest;
        this.opener = opener;
        this.imageUrl = imageUrl;
        // If-Range takes strong validators only (RFC 9110 §13.1.5)
        this.ifRange = manifest.etag() == null || manifest.etag().startsWith("W/") ? null : manifest.etag();
        this.manyRanges = opener.asksManyRanges();
    }

    /** What {@link #repairChunk} did with a chunk. */
    enum Result {
        /** Its holes fetched and written, the chunk verified. */
        COMPLETED,
        /** Not worth it (verified, less than half there) or it did not verify: left to the stream or the restore. */
        LEFT,
        /** Stopped between two requests because {@code keepGoing} said so: to be taken up again. */
        YIELDED,
        /** The network or the server failed: left to the HTTP restore. */
        FAILED
    }

    /**
     * Repairs what is worth repairing, after the stream ({@link #chunksCompleted} counts what it completed).
     * Only the target's failures are thrown ({@link ChunkTarget.TargetException}).
     */
    void repair(DatagramWriter writer) throws InterruptedException, IOException {
        for (int c = 0; c < manifest.chunkCount(); c++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            repairChunk(writer, c, () -> true);
        }
    }

    /**
     * Repairs chunk {@code c} when it is worth it (not verified yet, at least half its slices there): fetches
     * its missing slices, writes them and verifies the chunk, asking {@code keepGoing} between requests. Never
     * throws for the network or the server (what it could not complete is left to the HTTP restore); a failure
     * of the target is thrown.
     */
    Result repairChunk(DatagramWriter writer, int c, BooleanSupplier keepGoing) throws ChunkTarget.TargetException {
        if (writer.verified(c) || writer.received(c) * 2 < writer.sliceCount(c)) {
            return Result.LEFT;
        }
        try {
            if (!fetchMissing(writer, c, keepGoing)) {
                return Result.YIELDED;
            }
            if (writer.missing(c).isEmpty() && writer.verify(c)) {
                chunksCompleted++;
                return Result.COMPLETED;
            }
            return Result.LEFT;
        } catch (ChunkTarget.TargetException e) {
            throw e;
        } catch (IOException e) {
            return Result.FAILED; // left to the HTTP restore
        }
    }

    /** Fetches the chunk's missing slices; false when {@code keepGoing} stopped it between two requests. */
    private boolean fetchMissing(DatagramWriter writer, int c, BooleanSupplier keepGoing) throws IOException {
        List<ByteSpan> runs = runs(writer.missing(c), c);
        for (int i = 0; i < runs.size(); i += MAX_RANGES) {
            if (i > 0 && !keepGoing.getAsBoolean()) {
                return false;
            }
            List<ByteSpan> batch = runs.subList(i, Math.min(runs.size(), i + MAX_RANGES));
            if (batch.size() > 1 && manyRanges) {
                try {
                    fetchMany(writer, c, batch);
                    continue;
                } catch (ResourceChangedException | ChunkTarget.TargetException e) {
                    throw e;
                } catch (IOException e) {
                    // a server that ignores or refuses several ranges: one range per request from now on
                    manyRanges = false;
                }
            }
            for (ByteSpan run : batch) {
                fetchOne(writer, c, run);
            }
        }
        return true;
    }

    /** The chunk's missing slices as byte spans, runs closer than {@link #MERGE_GAP} slices merged. */
    private List<ByteSpan> runs(BitSet missing, int c) {
        long chunkStart = manifest.chunk(c).offset();
        long chunkEnd = chunkStart + manifest.chunk(c).length();
        List<ByteSpan> runs = new ArrayList<>();
        for (int s = missing.nextSetBit(0); s >= 0; ) {
            int e = s;
            for (int n = missing.nextSetBit(e + 1); n >= 0 && n - e <= MERGE_GAP; n = missing.nextSetBit(e + 1)) {
                e = n;
            }
            runs.add(new ByteSpan(chunkStart + (long) s * ChunkDatagram.MAX_PAYLOAD,
                    Math.min(chunkEnd, chunkStart + (long) (e + 1) * ChunkDatagram.MAX_PAYLOAD)));
            s = missing.nextSetBit(e + 1);
        }
        return runs;
    }

    private void fetchMany(DatagramWriter writer, int c, List<ByteSpan> batch) throws IOException {
        long asked = 0;
        for (ByteSpan b : batch) {
            asked += b.length();
        }
        List<MultipartByteranges.Part> parts = opener.openRanges(imageUrl, batch, ifRange,
                (int) Math.min(Integer.MAX_VALUE - 8, asked + PART_OVERHEAD * (batch.size() + 1L)));
        requests++;
        for (MultipartByteranges.Part part : parts) {
            bytesFetched += part.bytes().remaining();
            writer.writeRepair(c, part.bytes(), part.from());
        }
    }

    private void fetchOne(DatagramWriter writer, int c, ByteSpan run) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) run.length());
        try (RangeResponse r = opener.openAt(imageUrl, run.from(), run.toExclusive(), ifRange)) {
            requests++;
            while (b.hasRemaining()) {
                if (r.read(b) < 0) {
                    throw new IOException("the response ended " + b.remaining() + " bytes early");
                }
            }
        }
        bytesFetched += b.capacity();
        b.flip();
        writer.writeRepair(c, b, run.from());
    }

    long bytesFetched() {
        return bytesFetched;
    }

    long requests() {
        return requests;
    }

    /** Chunks this repair completed and verified, during the stream and after it. */
    int chunksCompleted() {
        return chunksCompleted;
    }
}
