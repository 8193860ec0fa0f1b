package dev.orchard.ops.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The server's random secret for machine tokens, created once in the data folder with permissions 0600
 * (owner only) and read at every start, so tokens in agents' hands stay valid across restarts. Deleting
 * the file invalidates every outstanding token (agents fetch a new plan).
 */
public final class ServerSecret {

    /** The file name inside the data folder. */
    public static final String FILE = "machine-token.key";
    private static final Logger LOG = LoggerFactory.getLogger(ServerSecret.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ServerSecret() {
    }

    /** Reads the secret from {@code dataDir}, creating it (32 random bytes, hex, 0600) the first time. */
    public static byte[] loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            create(dataDir, file);
        }
        byte[] secret = read(file);
        try {
            if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                LOG.warn("{} is readable by others; anyone who reads it can post events for any Mac (chmod 600 it)",
                        file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        return secret;
    }

    /**
     * Why the secret in {@code dataDir} cannot be used, or empty when it can (or does not exist yet: the
     * server creates it). For the checks {@code validate} and {@code serve} share; never creates anything.
     */
    static Optional<String> problem(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            read(file);
            return Optional.empty();
        } catch (AccessDeniedException e) {
            return Optional.of("machine token secret: cannot read " + file + ": permission denied");
        } catch (IOException e) {
            return Optional.of("machine token secret: " + e.getMessage());
        }
    }

    private static byte[] read(Path file) throws IOException {
        byte[] secret;
        try {
            secret = HexFormat.of().parseHex(Files.readString(file).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not the hex secret Orchard writes (" + e.getMessage() + "); delete it to"
                    + " create a new one (outstanding machine tokens become invalid)", e);
        }
        if (secret.length < 32) {
            throw new IOException(file + " holds " + secret.length + " bytes; a token secret needs 32 (delete it to"
                    + " create a new one; outstanding machine tokens become invalid)");
        }
        return secret;
    }

    private static void create(Path dataDir, Path file) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempFile(dataDir, ".machine-token", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(tmp, HexFormat.of().formatHex(secret) + "\n");
            try {
                // written whole, then renamed: a crash never leaves a half-written secret (one server per
                // data folder is guaranteed by the journal's lock, taken before this)
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
            LOG.info("created the machine token secret {}", file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
