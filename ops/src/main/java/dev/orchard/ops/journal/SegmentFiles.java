package dev.orchard.ops.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal folder: numbered segment files, the compaction hand-over file and durable folder creation.
 * Compaction replaces segments {@code 1..N} by one file in three crash-safe steps: write and fsync
 * {@code compact.tmp}; rename it to {@code journal-N.compacted} (from here on it is authoritative);
 * delete segments {@code ≤ N} and rename it to {@code journal-N.seg}. {@link #finishCompaction}
 * completes an interrupted hand-over at the next start.
 */
final class SegmentFiles {

    private static final Pattern SEGMENT = Pattern.compile("journal-(\\d{16})\\.seg");
    private static final Pattern COMPACTED = Pattern.compile("journal-(\\d{16})\\.compacted");
    static final String COMPACT_TMP = "compact.tmp";

    private SegmentFiles() {
    }

    static Path segment(Path dir, long id) {
        return dir.resolve(SegmentFormat.segmentName(id));
    }

    static Path compacted(Path dir, long id) {
        return dir.resolve(String.format(Locale.ROOT, "journal-%016d.compacted", id));
    }

    /** Segment ids in order. */
    static List<Long> ids(Path dir) throws IOException {
        return matching(dir, SEGMENT);
    }

    /** The id of a finished but not yet installed compaction, if any. */
    static Optional<Long> pendingCompaction(Path dir) throws IOException {
        List<Long> c = matching(dir, COMPACTED);
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(c.size() - 1));
    }

    /** Completes (or discards) a compaction that a crash interrupted. Writers only. */
    static void finishCompaction(Path dir, JournalDisk disk) throws IOException {
        disk.delete(dir.resolve(COMPACT_TMP));
        Optional<Long> pending = pendingCompaction(dir);
        if (pending.isPresent()) {
            install(dir, pending.get(), disk);
        }
    }

    /** Deletes the segments the compacted file replaces and puts it in their place. */
    static void install(Path dir, long id, JournalDisk disk) throws IOException {
        for (long old : ids(dir)) {
            if (old <= id) {
                disk.delete(segment(dir, old));
            }
        }
        disk.rename(compacted(dir, id), segment(dir, id));
        disk.syncDirectory(dir);
    }

    /**
     * Creates {@code dir} and any missing parents so that they survive a power cut: each new directory's
     * name is made durable by syncing its parent.
     */
    static void createDurably(Path dir, JournalDisk disk) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDurably(parent, disk);
        }
        try {
            disk.createDirectory(absolute);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) {
                throw raced;
            }
        }
        if (parent != null) {
            disk.syncDirectory(parent);
        }
    }

    private static List<Long> matching(Path dir, Pattern p) throws IOException {
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        ids.sort(null);
        return ids;
    }
}
