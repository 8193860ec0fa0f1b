package dev.orchard.http.files;

import java.io.IOException;
import java.util.Objects;

/**
 * A regular file opened inside a root together with the folder it was opened in, both reached from the root
 * without following a symlink. Files beside it (its stored manifest) are read and written through
 * {@link #folder()}, never by path name. Owns both: {@link #close()} gives them back.
 *
 * @param name the file's name in {@code folder}
 */
public record FileInFolder(OpenedFolder folder, OpenedFile file, String name)
        implements FolderLookup, AutoCloseable {

    public FileInFolder {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
    }

    /** The file's validators now, when its name still names the opened inode; see {@link OpenedFolder#versionNow}. */
    public java.util.Optional<FileVersion> versionNow() throws IOException {
        return folder.versionNow(name, file);
    }

    @Override
    public void close() throws IOException {
        try {
            file.close();
        } finally {
            folder.close();
        }
    }
}
