package dev.orchard.agent.multicast;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.transfer.RangeOpener;
import dev.orchard.agent.transfer.RangeResponse;
import dev.orchard.multicast.wire.ChunkDatagram;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Completes chunks the stream left with holes: for each chunk that holds at least half its slices, the missing
 * slices are fetched with ranged GETs (RFC 9110 §14; gaps of a few slices are fetched across, one request per
 * run), written, and the chunk verified by sha256. Chunks with less than that, and any chunk whose repair fails,
 * are left to the HTTP restore, which fetches whole chunks in one request per run. A failure here is never an
 * error: the restore after it fetches what is missing.
 */
final class SliceRepair {

    /** Missing slices closer than this are fetched in one request with what lies between them. */
    static final int MERGE_GAP = 16;

    private final Manifest manifest;
    private final RangeOpener opener;
    private final URI imageUrl;
    private final String ifRange;
    private long bytesFetched;
    private long requests;

    SliceRepair(Manifest manifest, RangeOpener opener, URI imageUrl) {
        this.manifest = manifest;
        this.opener = opener;
        this.imageUrl = imageUrl;
        // If-Range takes strong validators only (RFC 9110 §13.1.5)
        this.ifRange = manifest.etag() == null || manifest.etag().startsWith("W/") ? null : manifest.etag();
    }

    /** Repairs what is worth repairing; returns the chunks it completed. */
    BitSet repair(DatagramWriter writer) throws InterruptedException {
        BitSet done = new BitSet();
        for (int c = 0; c < manifest.chunkCount(); c++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (writer.verified(c) || writer.received(c) * 2 < writer.sliceCount(c)) {
                continue;
            }
            try {
                fetchMissing(writer, c);
                if (writer.verify(c)) {
                    done.set(c);
                }
            } catch (IOException e) {
                // left to the HTTP restore
            }
        }
        return done;
    }

    private void fetchMissing(DatagramWriter writer, int c) throws IOException {
        BitSet missing = writer.missing(c);
        long chunkStart = manifest.chunk(c).offset();
        long chunkEnd = chunkStart + manifest.chunk(c).length();
        for (int s = missing.nextSetBit(0); s >= 0; ) {
            int e = s;
            for (int n = missing.nextSetBit(e + 1); n >= 0 && n - e <= MERGE_GAP; n = missing.nextSetBit(e + 1)) {
                e = n;
            }
            long from = chunkStart + (long) s * ChunkDatagram.MAX_PAYLOAD;
            long to = Math.min(chunkEnd, chunkStart + (long) (e + 1) * ChunkDatagram.MAX_PAYLOAD);
            ByteBuffer b = ByteBuffer.allocate((int) (to - from));
            try (RangeResponse r = opener.openAt(imageUrl, from, to, ifRange)) {
                requests++;
                while (b.hasRemaining()) {
                    if (r.read(b) < 0) {
                        throw new IOException("the response ended " + b.remaining() + " bytes early");
                    }
                }
            }
            bytesFetched += b.capacity();
            b.flip();
            writer.writeRepair(c, b, from);
            s = missing.nextSetBit(e + 1);
        }
    }

    long bytesFetched() {
        return bytesFetched;
    }

    long requests() {
        return requests;
    }
}
