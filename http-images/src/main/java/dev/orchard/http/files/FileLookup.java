package dev.orchard.http.files;

import java.util.Objects;

/** The result of looking a path up under a mount. */
public sealed interface FileLookup {

    record Found(OpenedFile file) implements FileLookup {
        public Found {
            Objects.requireNonNull(file, "file");
        }
    }

    /** 404, with the reason for the log (never shown to the client). */
    record NotFound(Why why) implements FileLookup, FolderLookup {
    }

    enum Why {
        MISSING,
        /** A directory, FIFO, device or socket: only regular files are served, and never a listing. */
        NOT_A_REGULAR_FILE,
        /** A name starting with a dot. */
        HIDDEN,
        /** A symlink whose target lies outside the mount's root. */
        SYMLINK_ESCAPE,
        /** Exists but cannot be read by the server's user. */
        UNREADABLE
    }
}
