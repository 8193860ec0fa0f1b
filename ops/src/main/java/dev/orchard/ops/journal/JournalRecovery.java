package dev.orchard.ops.journal;

import dev.orchard.ops.spi.OpsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the in-memory state at start: finishes an interrupted compaction, replays every segment in
 * order and cuts a torn tail off the newest one (a crash during a write leaves at most one partial
 * frame there; nothing after it was ever acknowledged, since acknowledgement follows the fsync). A newest
 * segment left empty or with a partial header (a crash right after its creation) gets its header back.
 */
final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private JournalRecovery() {
    }

    static RecoveryReport recover(Path dir, MachineBook book, OpsMetrics metrics, JournalDisk disk) throws IOException {
        SegmentFiles.finishCompaction(dir, disk);
        List<Long> ids = SegmentFiles.ids(dir);
        long records = 0;
        long discarded = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Path segment = SegmentFiles.segment(dir, ids.get(i));
            SegmentScanner.Scan scan = SegmentScanner.scan(segment, book::apply);
            records += scan.records();
            boolean newest = i == ids.size() - 1;
            // an empty file "scans clean", but the writer would append frames without a header to it
            boolean headerless = newest && scan.validEnd() < SegmentFormat.HEADER_BYTES;
            if (scan.clean() && !headerless) {
                continue;
            }
            long lost = scan.fileSize() - scan.validEnd();
            discarded += lost;
            problems.add(segment.getFileName() + ": " + scan.problem() + " (" + lost + " bytes "
                    + (newest ? "cut off" : "skipped") + ")");
            if (newest) {
                LOG.warn("journal {}: torn tail after a crash: {}; cutting {} bytes (never acknowledged)",
                        segment.getFileName(), scan.problem(), lost);
                cut(segment, scan.validEnd(), disk);
            } else {
                LOG.error("journal {}: damaged sealed segment: {}; {} bytes after it are skipped",
                        segment.getFileName(), scan.problem(), lost);
            }
            metrics.journalTailDiscarded(lost);
        }
        return new RecoveryReport(ids.size(), records, discarded, problems);
    }

    /** Truncates to the last whole frame (rewriting the header if even that was torn) and syncs. */
    private static void cut(Path segment, long validEnd, JournalDisk disk) throws IOException {
        try (FileChannel ch = disk.open(segment, StandardOpenOption.WRITE)) {
            if (validEnd < SegmentFormat.HEADER_BYTES) {
                ch.truncate(0);
                ch.write(SegmentFormat.header(), 0);
            } else {
                ch.truncate(validEnd);
            }
            ch.force(true);
        }
    }
}
