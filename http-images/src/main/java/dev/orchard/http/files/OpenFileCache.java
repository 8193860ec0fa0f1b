package dev.orchard.http.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open descriptors shared by the responses for the same file, like nginx's {@code open_file_cache}: a lab of
 * agents reading one image in ranged 4 MiB requests would otherwise pay a worker hand-off, a path walk, an
 * open and several stats per request. An entry younger than the validity period is used straight from the
 * event loop with no system call; an older one is revalidated on a worker (path walk and stat again) and
 * replaced when the file's inode, size or modification time changed. So a file replaced or truncated is
 * noticed within the validity period (1 s by default); responses already running keep their descriptor, and
 * their validators always describe the bytes they send.
 */
public final class OpenFileCache implements AutoCloseable {

    public static final Duration DEFAULT_VALIDITY = Duration.ofSeconds(1);

    private record Key(Path root, List<String> relative) {
    }

    private final ConcurrentHashMap<Key, SharedFile> entries = new ConcurrentHashMap<>();
    private final long validityNanos;
    private final int maxEntries;

    public OpenFileCache(Duration validity, int maxEntries) {
        this.validityNanos = validity.toNanos();
        this.maxEntries = maxEntries;
    }

    /** A cached file still within its validity, retained for the caller; null otherwise. Event-loop safe. */
    public OpenedFile fresh(Path root, List<String> relative) {
        SharedFile f = entries.get(new Key(root, relative));
        if (f == null || System.nanoTime() - f.validatedAt() > validityNanos || !f.retain()) {
            return null;
        }
        return new OpenedFile(f);
    }

    /** Resolves and opens (or revalidates the cached descriptor). Blocking: call on a worker. */
    public FileLookup open(Path root, List<String> relative) throws IOException {
        Key key = new Key(root, List.copyOf(relative));
        Object resolved = FileResolver.resolve(root, relative);
        if (resolved instanceof FileLookup.NotFound nf) {
            evict(key);
            return nf;
        }
        FileResolver.Contained contained = (FileResolver.Contained) resolved;
        Path path = contained.path();
        SharedFile cached = entries.get(key);
        // the cached descriptor was opened without following any symlink; this stat only decides whether to reopen
        if (cached != null && cached.path().equals(path) && unchanged(path, cached) && cached.retain()) {
            cached.validated(System.nanoTime());
            return new FileLookup.Found(new OpenedFile(cached));
        }
        FileLookup lookup = FileResolver.openRegular(contained);
        if (lookup instanceof FileLookup.Found found) {
            SharedFile opened = found.file().shared();
            if (opened.retain()) { // the cache's own reference
                SharedFile old = entries.put(key, opened);
                if (old != null) {
                    old.release();
                }
                trim();
            }
        } else {
            evict(key);
        }
        return lookup;
    }

    private static boolean unchanged(Path path, SharedFile cached) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && Objects.equals(a.fileKey(), cached.inode())
                    && a.size() == cached.version().length()
                    && a.lastModifiedTime().toInstant().equals(cached.version().modified());
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void evict(Key key) {
        SharedFile old = entries.remove(key);
        if (old != null) {
            old.release();
        }
    }

    private void trim() {
        if (entries.size() <= maxEntries) {
            return;
        }
        for (Key k : entries.keySet()) {
            if (entries.size() <= maxEntries) {
                break;
            }
            evict(k);
        }
    }

    /** Gives back the cache's references; descriptors close as their last responses end. */
    @Override
    public void close() {
        for (Key k : entries.keySet()) {
            evict(k);
        }
    }
}
