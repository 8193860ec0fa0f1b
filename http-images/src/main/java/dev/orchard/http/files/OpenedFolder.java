package dev.orchard.http.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A folder held open by its descriptor ({@link SecureDirectoryStream}); every operation names one entry of it and
 * runs relative to the descriptor without following a symlink: {@code openat(2)} with {@code O_NOFOLLOW},
 * {@code fstatat(2)} with {@code AT_SYMLINK_NOFOLLOW}, {@code renameat(2)}, {@code unlinkat(2)}. Whatever the
 * folder's path name points to meanwhile (a folder swapped for a symlink out of the root), reads and writes
 * stay in this folder, the one reached from the root without following a symlink ({@link FileResolver}).
 * Blocking: call off the event loop.
 */
public final class OpenedFolder implements AutoCloseable {

    /** A name in a folder and what it is, not following symlinks. */
    public record Entry(String name, Kind kind) {
    }

    public enum Kind { FILE, FOLDER, SYMLINK, OTHER }

    private static final int OPEN_ATTEMPTS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecureDirectoryStream<Path> dir;
    /** The folder's real path when it was checked: for logs and the opened files' paths, never opened by. */
    private final Path path;

    OpenedFolder(SecureDirectoryStream<Path> dir, Path path) {
        this.dir = dir;
        this.path = path;
    }

    /**
     * Opens a trusted folder by its path (a configured root, which may itself be a symlink an admin set up).
     *
     * @throws IOException also when the platform has no {@code openat(2)}: fail closed rather than follow a
     *                     symlink swapped in later
     */
    public static OpenedFolder open(Path trusted) throws IOException {
        DirectoryStream<Path> stream = java.nio.file.Files.newDirectoryStream(trusted);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new IOException("this platform cannot open files relative to a directory (no openat);"
                    + " files are not served here");
        }
        return new OpenedFolder(secure, trusted);
    }

    public Path path() {
        return path;
    }

    /**
     * The sub-folder {@code name}, never through a symlink.
     *
     * @throws FileSystemException when it is missing, not a folder, or (ELOOP) a symlink
     */
    public OpenedFolder folder(String name) throws IOException {
        return new OpenedFolder(dir.newDirectoryStream(entry(name), LinkOption.NOFOLLOW_LINKS), path.resolve(name));
    }

    /** The entries of the folder (once per opened folder: the descriptor's listing is read once). */
    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path p : dir) {
            String name = p.getFileName().toString();
            try {
                out.add(new Entry(name, kind(attributes(name))));
            } catch (NoSuchFileException e) {
                // removed since the listing: not there
            }
        }
        return out;
    }

    private static Kind kind(BasicFileAttributes a) {
        return a.isRegularFile() ? Kind.FILE : a.isDirectory() ? Kind.FOLDER
                : a.isSymbolicLink() ? Kind.SYMLINK : Kind.OTHER;
    }

    private BasicFileAttributes attributes(String name) throws IOException {
        return view(name).readAttributes();
    }

    private BasicFileAttributeView view(String name) {
        return dir.getFileAttributeView(entry(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * One entry of this folder. A longer relative path would let {@code openat(2)} follow symlinks in its
     * leading components ({@code O_NOFOLLOW} guards only the last one): refused.
     */
    private static Path entry(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a single file name: '" + name + "'");
        }
        return Path.of(name);
    }

    /**
     * Opens {@code name} when it is a regular file, with validators of exactly the inode opened: its attributes
     * are read before and after the open and must name the same inode.
     */
    public FileLookup open(String name) throws IOException {
        Path file = path.resolve(name);
        BasicFileAttributeView view = view(name);
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            BasicFileAttributes before;
            try {
                before = view.readAttributes();
            } catch (NoSuchFileException | NotDirectoryException e) {
                return new FileLookup.NotFound(FileLookup.Why.MISSING);
            } catch (AccessDeniedException e) {
                return new FileLookup.NotFound(FileLookup.Why.UNREADABLE);
            }
            if (!before.isRegularFile()) {
                return new FileLookup.NotFound(FileLookup.Why.NOT_A_REGULAR_FILE);
            }
            SeekableByteChannel opened;
            try {
                opened = dir.newByteChannel(entry(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (AccessDeniedException e) {
                return new FileLookup.NotFound(FileLookup.Why.UNREADABLE);
            } catch (NoSuchFileException e) {
                return new FileLookup.NotFound(FileLookup.Why.MISSING);
            } catch (IOException e) {
                // ELOOP: the name became a symlink between the check and the open
                return new FileLookup.NotFound(FileLookup.Why.SYMLINK_ESCAPE);
            }
            FileChannel channel = fileChannel(opened);
            boolean keep = false;
            try {
                BasicFileAttributes after = view.readAttributes();
                // the same inode before and after the open: the validators describe this descriptor
                if (before.fileKey() != null && !before.fileKey().equals(after.fileKey())) {
                    continue;
                }
                long length = channel.size(); // fstat of the open descriptor (Netty #8868)
                keep = true;
                SharedFile shared = new SharedFile(file, channel, FileResolver.version(file, after, length),
                        after.fileKey(), System.nanoTime());
                return new FileLookup.Found(new OpenedFile(shared));
            } catch (NoSuchFileException e) {
                continue; // renamed away between the open and the check: try again
            } finally {
                if (!keep) {
                    channel.close();
                }
            }
        }
        return new FileLookup.NotFound(FileLookup.Why.MISSING);
    }

    private static FileChannel fileChannel(SeekableByteChannel opened) throws IOException {
        if (opened instanceof FileChannel channel) { // the JDK's openat channel is a FileChannel
            return channel;
        }
        opened.close();
        throw new IOException("the platform's directory-relative open did not give a FileChannel");
    }

    /**
     * The validators {@code name} has now, when it is still the file {@code opened} (same inode); empty when
     * the name is gone or names another file (replaced by a rename).
     */
    public Optional<FileVersion> versionNow(String name, OpenedFile opened) throws IOException {
        BasicFileAttributes a;
        try {
            a = attributes(name);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!a.isRegularFile() || a.fileKey() == null || !a.fileKey().equals(opened.shared().inode())) {
            return Optional.empty();
        }
        return Optional.of(FileResolver.version(opened.path(), a, opened.channel().size()));
    }

    /** True when the folder has an entry {@code name} (of any kind). */
    public boolean has(String name) throws IOException {
        try {
            attributes(name);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * The whole content of the regular file {@code name}; empty when there is none.
     *
     * @throws IOException when it is not a regular file (a symlink included), is larger than {@code maxBytes},
     *                     or cannot be read
     */
    public Optional<byte[]> read(String name, int maxBytes) throws IOException {
        BasicFileAttributes a;
        try {
            a = attributes(name);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // a FIFO would block the open; a symlink is not followed (the open below would fail with ELOOP anyway)
        if (!a.isRegularFile()) {
            throw new IOException(path.resolve(name) + " is not a regular file");
        }
        try (FileChannel in = fileChannel(dir.newByteChannel(entry(name),
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            long size = in.size();
            if (size > maxBytes) {
                throw new IOException(path.resolve(name) + " has " + size + " bytes, more than " + maxBytes);
            }
            ByteBuffer content = ByteBuffer.allocate((int) size);
            while (content.hasRemaining() && in.read(content) >= 0) {
                // until full, or the file got shorter meanwhile
            }
            return Optional.of(content.hasRemaining() ? java.util.Arrays.copyOf(content.array(), content.position())
                    : content.array());
        }
    }

    /**
     * Replaces (or creates) {@code name} with {@code content} atomically: written to a new hidden temporary file
     * ({@code O_CREAT|O_EXCL|O_NOFOLLOW}) in this folder, then renamed over {@code name} ({@code renameat(2)}
     * replaces a symlink of that name instead of following it). On failure nothing is left behind.
     */
    public void replace(String name, byte[] content) throws IOException {
        Path target = entry(name);
        Path tmp = entry("." + name + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (SeekableByteChannel out = dir.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            dir.move(tmp, dir, target);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    dir.deleteFile(tmp);
                } catch (IOException ignored) {
                    // never created, or already gone
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }
}
