package dev.orchard.http.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Resolves clean path segments to an open regular file inside a root, one component at a time.
 * <p>Every component that is a symlink is resolved to its real path and must still lie inside the root's
 * real path ({@link Path#startsWith} compares whole components, so {@code /srv/img} never admits
 * {@code /srv/img-private}); symlinks that stay inside are followed, symlinks that escape are refused. Only
 * regular files are opened (a FIFO would block the opener, a directory would need a listing); names starting
 * with a dot are hidden. This does blocking disk I/O: call it off the event loop.
 */
public final class FileResolver {

    private static final int OPEN_ATTEMPTS = 3;
    /** Longest file name, in bytes, on Linux file systems. */
    private static final int NAME_MAX = 255;
    private static final long ROOT_TTL_NANOS = 1_000_000_000L;
    /** Real paths of roots, re-resolved once a second: a root may be a symlink an admin repoints. */
    private static final ConcurrentHashMap<Path, RealRoot> ROOTS = new ConcurrentHashMap<>();

    private record RealRoot(Path real, long resolvedAt) {
    }

    private FileResolver() {
    }

    public static FileLookup open(Path root, List<String> relative) throws IOException {
        Object resolved = resolve(root, relative);
        if (resolved instanceof FileLookup.NotFound nf) {
            return nf;
        }
        return openRegular((Path) resolved);
    }

    /** The real, contained path of {@code relative} under {@code root}, or a {@link FileLookup.NotFound}. */
    static Object resolve(Path root, List<String> relative) throws IOException {
        Path realRoot = realRoot(root);
        if (realRoot == null) {
            return new FileLookup.NotFound(FileLookup.Why.MISSING);
        }
        if (relative.isEmpty()) {
            return new FileLookup.NotFound(FileLookup.Why.NOT_A_REGULAR_FILE);
        }
        Path p = realRoot;
        for (int i = 0; i < relative.size(); i++) {
            String segment = relative.get(i);
            if (segment.startsWith(".")) {
                return new FileLookup.NotFound(FileLookup.Why.HIDDEN);
            }
            // a longer name cannot exist (ENAMETOOLONG would otherwise surface as an I/O error, a 500)
            if (segment.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                return new FileLookup.NotFound(FileLookup.Why.MISSING);
            }
            try {
                p = p.resolve(segment);
            } catch (InvalidPathException e) {
                // a name the JVM's file-name encoding cannot express (sun.jnu.encoding follows the locale: any
                // non-ASCII name under LANG=C) cannot exist on disk: 404, not a 500
                return new FileLookup.NotFound(FileLookup.Why.MISSING);
            }
            if (Files.isSymbolicLink(p)) {
                try {
                    p = p.toRealPath();
                } catch (FileSystemException e) {
                    // dangling, a loop (ELOOP) or through a non-directory: nothing to serve there
                    return new FileLookup.NotFound(FileLookup.Why.MISSING);
                }
                if (!p.startsWith(realRoot)) {
                    return new FileLookup.NotFound(FileLookup.Why.SYMLINK_ESCAPE);
                }
            }
            // "a.img/x": a file used as a folder fails with ENOTDIR, which Java reports as a bare I/O error
            if (i < relative.size() - 1 && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return new FileLookup.NotFound(FileLookup.Why.MISSING);
            }
        }
        return p;
    }

    private static Path realRoot(Path root) throws IOException {
        long now = System.nanoTime();
        RealRoot cached = ROOTS.get(root);
        if (cached != null && now - cached.resolvedAt() < ROOT_TTL_NANOS) {
            return cached.real();
        }
        try {
            Path real = root.toRealPath();
            ROOTS.put(root, new RealRoot(real, now));
            return real;
        } catch (NoSuchFileException e) {
            ROOTS.remove(root);
            return null;
        }
    }

    /** Opens {@code path} (already real and contained) when it is a regular file. */
    static FileLookup openRegular(Path path) throws IOException {
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            BasicFileAttributes before;
            try {
                before = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException | NotDirectoryException e) {
                return new FileLookup.NotFound(FileLookup.Why.MISSING);
            } catch (AccessDeniedException e) {
                return new FileLookup.NotFound(FileLookup.Why.UNREADABLE); // a folder without search permission
            }
            if (!before.isRegularFile()) {
                return new FileLookup.NotFound(FileLookup.Why.NOT_A_REGULAR_FILE);
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (AccessDeniedException e) {
                return new FileLookup.NotFound(FileLookup.Why.UNREADABLE);
            } catch (NoSuchFileException e) {
                return new FileLookup.NotFound(FileLookup.Why.MISSING);
            } catch (IOException e) {
                // ELOOP: the last component became a symlink between the check and the open
                return new FileLookup.NotFound(FileLookup.Why.SYMLINK_ESCAPE);
            }
            boolean keep = false;
            try {
                BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                // the same inode before and after the open: the validators describe this descriptor
                if (before.fileKey() != null && !before.fileKey().equals(after.fileKey())) {
                    continue;
                }
                long length = channel.size(); // fstat of the open descriptor (Netty #8868)
                keep = true;
                SharedFile shared = new SharedFile(path, channel, version(path, after, length), after.fileKey(),
                        System.nanoTime());
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

    /** The validators of a file version; public so manifests carry the same ETag as the file server. */
    public static FileVersion version(Path path, BasicFileAttributes attrs, long length) throws IOException {
        long micros = attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS);
        Instant modified = attrs.lastModifiedTime().toInstant();
        return new FileVersion(length, modified, EntityTags.strong(inode(path, attrs), micros, length));
    }

    private static long inode(Path path, BasicFileAttributes attrs) throws IOException {
        try {
            Object ino = Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            if (ino instanceof Number n) {
                return n.longValue();
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view on this platform: fall through
        }
        return attrs.fileKey() == null ? 0 : Integer.toUnsignedLong(attrs.fileKey().hashCode());
    }
}
