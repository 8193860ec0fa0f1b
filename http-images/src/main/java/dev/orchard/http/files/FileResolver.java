package dev.orchard.http.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves clean path segments to an open regular file inside a root, one component at a time.
 * <p>Every component that is a symlink is resolved to its real path and must still lie inside the root's
 * real path ({@link Path#startsWith} compares whole components, so {@code /srv/img} never admits
 * {@code /srv/img-private}); symlinks that stay inside are followed, symlinks that escape are refused. Only
 * regular files are opened (a FIFO would block the opener, a directory would need a listing); names starting
 * with a dot are hidden. This does blocking disk I/O: call it off the event loop.
 * <p>The check and the open are separate steps, and a directory inside the root may be replaced by a symlink
 * to anywhere between them. So the file is then opened from the root's directory one component at a time, each
 * with {@code openat(2)} and {@code O_NOFOLLOW} ({@link SecureDirectoryStream}): the path checked contains no
 * symlink (those met were replaced by their real, contained targets), so a symlink found on the way now means
 * the tree changed, and the open fails instead of following it out of the root.
 */
public final class FileResolver {

    /** Longest file name, in bytes, on Linux file systems. */
    private static final int NAME_MAX = 255;
    private static final long ROOT_TTL_NANOS = 1_000_000_000L;
    /** Real paths of roots, re-resolved once a second: a root may be a symlink an admin repoints. */
    private static final ConcurrentHashMap<Path, RealRoot> ROOTS = new ConcurrentHashMap<>();
    private static final Pattern INODE_IN_KEY = Pattern.compile("ino=(\\d+)");

    private record RealRoot(Path real, long resolvedAt) {
    }

    private FileResolver() {
    }

    public static FileLookup open(Path root, List<String> relative) throws IOException {
        Object resolved = resolve(root, relative);
        if (resolved instanceof FileLookup.NotFound nf) {
            return nf;
        }
        return openRegular((Contained) resolved);
    }

    /** A path checked to lie inside a root, with no symlink in it below the root's real path. */
    record Contained(Path realRoot, Path path) {
    }

    /** The real, {@link Contained} path of {@code relative} under {@code root}, or a {@link FileLookup.NotFound}. */
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
        return new Contained(realRoot, p);
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

    /**
     * Opens a contained path when it is a regular file, walking from the root's directory with no symlink
     * followed (see the class comment); a component that is no longer a directory, or is now a symlink, is
     * "not found", counted as a symlink escape.
     */
    static FileLookup openRegular(Contained contained) throws IOException {
        FolderLookup lookup = openInFolder(contained);
        if (lookup instanceof FileLookup.NotFound nf) {
            return nf;
        }
        FileInFolder opened = (FileInFolder) lookup;
        opened.folder().close();
        return new FileLookup.Found(opened.file());
    }

    /**
     * Like {@link #open}, and keeps the folder the file was opened in open too, so that files beside it are read
     * and written in exactly that folder (the manifest stored beside an image), not by path name.
     */
    public static FolderLookup openInFolder(Path root, List<String> relative) throws IOException {
        Object resolved = resolve(root, relative);
        if (resolved instanceof FileLookup.NotFound nf) {
            return nf;
        }
        return openInFolder((Contained) resolved);
    }

    private static FolderLookup openInFolder(Contained contained) throws IOException {
        Path relative = contained.realRoot().relativize(contained.path());
        if (relative.getNameCount() == 0 || relative.startsWith("..")) {
            return new FileLookup.NotFound(FileLookup.Why.SYMLINK_ESCAPE);
        }
        OpenedFolder folder = OpenedFolder.open(contained.realRoot());
        boolean keep = false;
        try {
            for (int i = 0; i < relative.getNameCount() - 1; i++) {
                OpenedFolder next;
                try {
                    next = folder.folder(relative.getName(i).toString());
                } catch (NoSuchFileException e) {
                    return new FileLookup.NotFound(FileLookup.Why.MISSING);
                } catch (AccessDeniedException e) {
                    return new FileLookup.NotFound(FileLookup.Why.UNREADABLE);
                } catch (FileSystemException e) {
                    // ELOOP (a symlink now) or ENOTDIR: the tree changed since the check
                    return new FileLookup.NotFound(FileLookup.Why.SYMLINK_ESCAPE);
                }
                folder.close();
                folder = next;
            }
            String name = relative.getFileName().toString();
            FileLookup file = folder.open(name);
            if (file instanceof FileLookup.NotFound nf) {
                return nf;
            }
            keep = true;
            return new FileInFolder(folder, ((FileLookup.Found) file).file(), name);
        } finally {
            if (!keep) {
                folder.close();
            }
        }
    }

    /** The validators of a file version; public so manifests carry the same ETag as the file server. */
    public static FileVersion version(Path path, BasicFileAttributes attrs, long length) throws IOException {
        long micros = attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS);
        Instant modified = attrs.lastModifiedTime().toInstant();
        return new FileVersion(length, modified, EntityTags.strong(inode(path, attrs), micros, length));
    }

    private static long inode(Path path, BasicFileAttributes attrs) throws IOException {
        // OpenJDK's Unix file key prints as "(dev=…,ino=…)": the inode of exactly the file whose attributes these
        // are, where a second lookup by path could meet another file (the tree may change meanwhile)
        if (attrs.fileKey() != null) {
            Matcher m = INODE_IN_KEY.matcher(attrs.fileKey().toString());
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
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
