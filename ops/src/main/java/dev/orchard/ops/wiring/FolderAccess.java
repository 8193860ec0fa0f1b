package dev.orchard.ops.wiring;

import dev.orchard.ops.config.ProcessIdentity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process can use a folder the server needs, asked the way the kernel answers it
 * ({@code access(2)}: a read-only mount or another owner says no, even to a check run as root). A folder
 * that does not exist yet is fine when it can be created, as the server creates it.
 */
final class FolderAccess {

    private FolderAccess() {
    }

    /** Why {@code folder} cannot be written here, or empty when it can (or can be created). */
    static Optional<String> writable(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        if (Files.exists(f)) {
            if (!Files.isDirectory(f)) {
                return Optional.of(folder + " is not a folder");
            }
            return Files.isWritable(f) ? Optional.empty() : Optional.of(folder + " is not writable by this process");
        }
        return creatable(folder, f);
    }

    /** Why {@code folder} cannot be read here, or empty when it can (or can be created). */
    static Optional<String> readable(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        if (Files.exists(f)) {
            if (!Files.isDirectory(f)) {
                return Optional.of(folder + " is not a folder");
            }
            return Files.isReadable(f) && Files.isExecutable(f) ? Optional.empty()
                    : Optional.of(folder + " is not readable by this process");
        }
        return creatable(folder, f);
    }

    private static Optional<String> creatable(Path folder, Path absolute) {
        Path parent = absolute.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.of(folder + " does not exist and cannot be created");
        }
        return Files.isWritable(parent) ? Optional.empty() : Optional.of(folder + " does not exist and cannot be"
                + " created: " + parent + " is not writable by this process");
    }

    /** This process's user, for messages. */
    static String who() {
        return ProcessIdentity.current().map(ProcessIdentity::describe).orElse("user " + System.getProperty("user.name"));
    }
}
