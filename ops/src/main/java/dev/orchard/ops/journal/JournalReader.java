package dev.orchard.ops.journal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads a journal folder without changing it, for {@code orchard machines} while a server may be
 * appending: it stops at a torn or still-being-written tail instead of cutting it, and starts over if
 * a compaction removes a segment under it.
 */
public final class JournalReader {

    private static final int ATTEMPTS = 5;

    private JournalReader() {
    }

    /** Every machine's status, most recently seen first. */
    public static List<MachineStatus> machines(Path dir, JournalOptions options) throws IOException {
        NoSuchFileException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                MachineBook book = new MachineBook(options);
                replay(dir, book);
                List<MachineStatus> out = new ArrayList<>();
                for (String mac : book.macs()) {
                    out.add(book.status(mac));
                }
                out.sort(Comparator.comparing(MachineStatus::lastSeen,
                        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(MachineStatus::mac));
                return out;
            } catch (NoSuchFileException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void replay(Path dir, MachineBook book) throws IOException {
        Optional<Long> compacted = SegmentFiles.pendingCompaction(dir);
        if (compacted.isPresent()) {
            SegmentScanner.scan(SegmentFiles.compacted(dir, compacted.get()), book::apply);
        }
        for (long id : SegmentFiles.ids(dir)) {
            if (compacted.isEmpty() || id > compacted.get()) {
                SegmentScanner.scan(SegmentFiles.segment(dir, id), book::apply);
            }
        }
    }
}
