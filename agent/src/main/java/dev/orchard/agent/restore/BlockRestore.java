package dev.orchard.agent.restore;

import dev.orchard.agent.api.Manifest;
import dev.orchard.agent.api.ManifestChunk;
import dev.orchard.agent.api.PlanException;
import dev.orchard.agent.api.Sha256Hex;
import dev.orchard.agent.transfer.RangeOpener;
import dev.orchard.agent.transfer.RangeResponse;
import dev.orchard.agent.transfer.ResourceChangedException;
import dev.orchard.agent.transfer.Retries;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Restores one block image onto a file or device, chunk by chunk from its manifest. Chunks are taken in
 * image order: a chunk that a re-run may reuse (listed by the journal, or found by a scan) is re-read and
 * hashed; every other run of chunks is fetched with one ranged GET and resumed from the first unverified
 * chunk when the connection fails (bounded retries, exponential backoff, {@code If-Range} on the
 * manifest's ETag). A chunk with a wrong digest is fetched once more; wrong again, the restore fails
 * naming it. The whole image's sha256 is checked at the end.
 */
public final class BlockRestore {

    private final RestoreJob job;
    private final Manifest manifest;
    private final RangeOpener opener;
    private final RestoreCounters counters = new RestoreCounters();

    public BlockRestore(RestoreJob job) {
        this.job = job;
        this.manifest = job.manifest();
        this.opener = new RangeOpener(job.source());
    }

    public RestoreOutcome run() throws RestoreException, InterruptedException {
        long started = System.nanoTime();
        byte[][] expected = expectedDigests();
        try (TargetDisk target = TargetDisk.open(job.target(), manifest.size(), job.options().directIo())) {
            RestoreJournal journal = RestoreJournal.forTarget(job.journalFolder(), job.target());
            BitSet candidates = reusable(target, journal);
            candidates.or(job.prewritten());
            int bufferBytes = job.options().bufferBytesFor(manifest.chunkSize());
            BufferPool pool = new BufferPool(job.options().buffers(), bufferBytes);
            ChunkLedger ledger = new ChunkLedger(manifest.chunkCount());
            WholeImageHasher wholeImage = new WholeImageHasher(manifest, sha256());
            String threadName = "restore-" + manifest.name();
            job.listener().started(manifest.size(), manifest.chunkCount(), candidates.cardinality(),
                    (target.directIo() ? "O_DIRECT" : "buffered") + " writes of " + (bufferBytes >> 10) + " KiB");
            try (SlicePipeline pipeline = new SlicePipeline(job.options().buffers(), target, ledger, wholeImage, threadName);
                 JournalSyncer syncer = new JournalSyncer(target, ledger, journal, manifest, candidates,
                         job.options().syncInterval(), threadName)) {
                ChunkReader reader = new ChunkReader(manifest, expected, pool, pipeline, job.listener(), counters, sha256());
                restoreAll(target, candidates, reader, syncer);
                Throwable failed = pipeline.drain();
                if (failed == null) {
                    failed = syncer.failure();
                }
                if (failed != null) {
                    throw new RestoreException(RestoreException.Kind.TARGET, "writing " + job.target() + " failed: " + Retries.describe(failed), failed);
                }
                job.listener().verifying();
                byte[] whole = wholeImage.finish();
                if (whole == null || !MessageDigest.isEqual(whole, Sha256Hex.toBytes(manifest.sha256()))) {
                    throw new RestoreException(RestoreException.Kind.VERIFY, "the restored image's sha256 is "
                            + (whole == null ? "incomplete" : Sha256Hex.of(whole)) + ", expected " + manifest.sha256());
                }
                target.finish(manifest.size());
                syncer.sync();
                return new RestoreOutcome(manifest.size(), Sha256Hex.of(whole), counters.bytesFetched, counters.bytesReused,
                        counters.requests, counters.retries, target.directIo(), Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (IOException e) {
            throw new RestoreException(RestoreException.Kind.TARGET, "target " + job.target() + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new RestoreException(RestoreException.Kind.TARGET, "restore pipeline failed: " + e.getMessage(), e);
        }
    }

    private byte[][] expectedDigests() throws RestoreException {
        try {
            manifest.validated();
        } catch (PlanException e) {
            throw new RestoreException(RestoreException.Kind.VERIFY, e.getMessage(), e);
        }
        if (job.expectedSha256() != null && !job.expectedSha256().equalsIgnoreCase(manifest.sha256())) {
            throw new RestoreException(RestoreException.Kind.VERIFY, "the plan says image " + manifest.name()
                    + " has sha256 " + job.expectedSha256() + ", its manifest says " + manifest.sha256());
        }
        byte[][] expected = new byte[manifest.chunkCount()][];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Sha256Hex.toBytes(manifest.chunk(i).sha256());
        }
        return expected;
    }

    /** Chunks worth re-reading before fetching: the journal's, or (scan) all within the target's size. */
    private BitSet reusable(TargetDisk target, RestoreJournal journal) throws IOException {
        RestoreOptions.Reuse reuse = job.options().reuse();
        BitSet none = new BitSet();
        if (reuse == RestoreOptions.Reuse.NONE) {
            journal.delete();
            return none;
        }
        var listed = journal.load(manifest);
        if (listed.isPresent() && reuse != RestoreOptions.Reuse.SCAN) {
            return listed.get();
        }
        journal.delete();
        boolean scan = reuse == RestoreOptions.Reuse.SCAN || (reuse == RestoreOptions.Reuse.AUTO && target.regularFile());
        if (!scan) {
            return none;
        }
        long have = target.currentSize();
        BitSet all = new BitSet();
        for (ManifestChunk c : manifest.chunks()) {
            if (c.end() <= have) {
                all.set(c.index());
            }
        }
        return all;
    }

    private void restoreAll(TargetDisk target, BitSet candidates, ChunkReader reader, JournalSyncer syncer)
            throws RestoreException, InterruptedException {
        int next = 0;
        int count = manifest.chunkCount();
        while (next < count) {
            if (candidates.get(next)) {
                syncer.advance(next + 1);
                if (intactOnTarget(target, reader, next, !job.prewritten().get(next))) {
                    next++;
                    continue;
                }
            }
            int found = candidates.nextSetBit(next + 1);
            int runEnd = found < 0 ? count : found;
            syncer.advance(runEnd);
            fetchRun(reader, next, runEnd);
            next = runEnd;
        }
    }

    /**
     * Re-reads a chunk on the target: checked by its digest when a crashed run left it; not when this run verified
     * it on its way to the target (multicast), as the chunks fetched here are (then only the whole image's digest
     * reads it, which still fails the restore if the target did not keep what was written).
     */
    private boolean intactOnTarget(TargetDisk target, ChunkReader reader, int chunk, boolean checkDigest)
            throws RestoreException, InterruptedException {
        try {
            reader.read((dst, position) -> {
                int n = target.read(dst, position);
                return n == 0 ? -1 : n;
            }, chunk, chunk + 1, false, checkDigest);
            return true;
        } catch (ChunkMismatchException | BrokenStreamException notThere) {
            return false;
        }
    }

    /** Fetches chunks {@code [first, end)} with as few ranged GETs as the network allows. */
    private void fetchRun(ChunkReader reader, int first, int end) throws RestoreException, InterruptedException {
        int next = first;
        int failures = 0;
        Map<Integer, Integer> mismatches = new HashMap<>();
        long to = manifest.chunk(end - 1).end();
        // If-Range takes strong validators only (RFC 9110 §13.1.5); a weak one would always fail
        String ifRange = manifest.etag() == null || manifest.etag().startsWith("W/") ? null : manifest.etag();
        while (next < end) {
            int before = next;
            IOException problem;
            try (RangeResponse response = opener.openAt(job.imageUrl(), manifest.chunk(next).offset(), to, ifRange)) {
                counters.requests++;
                reader.read((dst, position) -> response.read(dst), next, end, true);
                return;
            } catch (ChunkMismatchException bad) {
                next = bad.chunk();
                if (mismatches.merge(next, 1, Integer::sum) >= 2) {
                    throw new RestoreException(RestoreException.Kind.VERIFY, bad.getMessage() + "; fetched twice, still wrong");
                }
                job.listener().refetching(next, bad.getMessage());
                failures = 0;
                continue;
            } catch (BrokenStreamException broken) {
                next = broken.nextChunk();
                problem = broken.io();
            } catch (IOException openFailed) {
                problem = openFailed;
            }
            if (problem instanceof ResourceChangedException) {
                throw new RestoreException(RestoreException.Kind.VERIFY, problem.getMessage()
                        + "; the image changed during the restore, run the agent again to restore the new version", problem);
            }
            if (!Retries.retryable(problem)) {
                throw new RestoreException(RestoreException.Kind.TRANSFER, "fetching " + job.imageUrl() + " failed: " + Retries.describe(problem), problem);
            }
            failures = next > before ? 1 : failures + 1;
            if (failures > job.http().retries()) {
                throw new RestoreException(RestoreException.Kind.TRANSFER, "giving up on " + job.imageUrl() + " after "
                        + job.http().retries() + " retries without progress: " + Retries.describe(problem), problem);
            }
            counters.retries++;
            Duration delay = job.http().backoff().delay(failures);
            job.listener().retrying(next, failures, job.http().retries(), problem, delay);
            Thread.sleep(delay.toMillis());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
