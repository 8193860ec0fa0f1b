package dev.orchard.ops.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Every operation by which the journal changes its folder: opening segment files (their channels'
 * {@code write} and {@code force} decide what is durable), creating, renaming and deleting names, and
 * making names durable with a directory fsync. {@link #REAL} is the JDK; a test hands in a disk that
 * models a power cut (bytes not covered by a successful {@code force}, and names not covered by a
 * directory sync, may be lost) to check that whatever the journal acknowledged survives.
 * Reads (listing segments, scanning frames) go straight to the file system.
 */
interface JournalDisk {

    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** Creates one directory (its parent exists); not durable until the parent is synced. */
    void createDirectory(Path dir) throws IOException;

    /** Renames atomically within one directory; not durable until the directory is synced. */
    void rename(Path from, Path to) throws IOException;

    /** Deletes a file if it exists; not durable until the directory is synced. */
    void delete(Path file) throws IOException;

    /**
     * Makes the names created, renamed and deleted in {@code dir} durable (POSIX: fsync on the directory;
     * a file's own fsync does not cover its directory entry).
     *
     * @throws IOException when the sync fails: the names may not survive a power cut
     */
    void syncDirectory(Path dir) throws IOException;

    JournalDisk REAL = new JournalDisk() {
        @Override
        public FileChannel open(Path file, OpenOption... options) throws IOException {
            return FileChannel.open(file, options);
        }

        @Override
        public void createDirectory(Path dir) throws IOException {
            Files.createDirectory(dir);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            FileChannel ch;
            try {
                ch = FileChannel.open(dir, StandardOpenOption.READ);
            } catch (AccessDeniedException | UnsupportedOperationException cannotOpenADirectory) {
                return; // a platform (Windows) where a directory cannot be opened: nothing more can be done
            }
            try (ch) {
                ch.force(true);
            }
        }
    };
}
