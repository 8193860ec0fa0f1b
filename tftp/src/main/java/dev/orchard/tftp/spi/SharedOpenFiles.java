package dev.orchard.tftp.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open descriptor per file, shared by every concurrent transfer of it and closed by the last one
 * (dnsmasq does the same: a lab booting 200 Macs reads one booter, not 200 copies of it). The key holds
 * the inode and mtime, so a file replaced or rewritten gets a fresh descriptor while transfers already
 * running finish on the old one.
 */
final class SharedOpenFiles {

    private record Key(Path path, Object fileKey, FileTime modified) {
    }

    private final class Entry {
        final Key key;
        final FileChannel channel;
        final long size;
        int references;

        Entry(Key key, FileChannel channel, long size) {
            this.key = key;
            this.channel = channel;
            this.size = size;
        }
    }

    private final Map<Key, Entry> open = new HashMap<>();

    /** Opens (or shares) the file; the size comes from the opened descriptor (fstat). */
    ServedFile open(ConfinedPath.Found found, String displayName) throws IOException {
        Key key = new Key(found.realPath(), found.attributes().fileKey(), found.attributes().lastModifiedTime());
        Entry entry;
        synchronized (open) {
            entry = open.get(key);
            if (entry == null) {
                FileChannel channel = FileChannel.open(found.realPath(), StandardOpenOption.READ,
                        LinkOption.NOFOLLOW_LINKS);
                try {
                    entry = new Entry(key, channel, channel.size());
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
                open.put(key, entry);
            }
            entry.references++;
        }
        return new Handle(entry, displayName);
    }

    /** Descriptors currently open (for tests: 0 once every transfer has ended). */
    int openCount() {
        synchronized (open) {
            return open.size();
        }
    }

    private void release(Entry entry) {
        synchronized (open) {
            if (--entry.references > 0) {
                return;
            }
            open.remove(entry.key, entry);
        }
        try {
            entry.channel.close();
        } catch (IOException ignored) {
            // closing a read-only descriptor: nothing to recover
        }
    }

    private final class Handle implements ServedFile {
        private final Entry entry;
        private final String displayName;
        private final AtomicBoolean released = new AtomicBoolean();

        Handle(Entry entry, String displayName) {
            this.entry = entry;
            this.displayName = displayName;
        }

        @Override
        public String displayName() {
            return displayName;
        }

        @Override
        public long size() {
            return entry.size;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return entry.channel.read(dst, position);
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                SharedOpenFiles.this.release(entry);
            }
        }
    }
}
