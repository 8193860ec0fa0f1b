package dev.orchard.ops.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal folder: numbered segment files, the compaction hand-over file and directory fsync.
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
    static void finishCompaction(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(COMPACT_TMP));
        Optional<Long> pending = pendingCompaction(dir);
        if (pending.isPresent()) {
            install(dir, pending.get());
        }
    }

    /** Deletes the segments the compacted file replaces and puts it in their place. */
    static void install(Path dir, long id) throws IOException {
        for (long old : ids(dir)) {
            if (old <= id) {
                Files.delete(segment(dir, old));
            }
        }
        Files.move(compacted(dir, id), segment(dir, id), StandardCopyOption.ATOMIC_MOVE);
        fsyncDir(dir);
    }

    /** Makes created, renamed and deleted names durable (POSIX needs the directory synced too). */
    static void fsyncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open a directory; the rename is still atomic there
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
