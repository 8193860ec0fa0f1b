package dev.orchard.http.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file opened for one response, with the validators of exactly the bytes behind this descriptor. An atomic
 * rename of the path while we serve leaves this descriptor on the old inode, so the response stays whole and
 * consistent.
 */
public record OpenedFile(Path path, FileChannel channel, FileVersion version) implements AutoCloseable {

    public OpenedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read-only descriptor cannot lose data
        }
    }
}
